using System.Net;
using Enerlectra.Sandbox;

namespace Enerlectra.MobileMoney.Tests;

/// <summary>The same collection scenarios against every provider's client and the sandbox's version of its protocol.</summary>
public class ProviderCollectionTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string Collections = "collections";

    public static TheoryData<string> Providers => new() { "mtn", "airtel", "zamtel" };

    public static TheoryData<string, string, string> Failures()
    {
        var data = new TheoryData<string, string, string>();
        foreach (string provider in new[] { "mtn", "airtel", "zamtel" })
        {
            data.Add(provider, "0001", SandboxReasons.ApprovalRejected);
            data.Add(provider, "0002", SandboxReasons.Expired);
            data.Add(provider, "0008", SandboxReasons.NotEnoughFunds);
            data.Add(provider, "0009", SandboxReasons.PayerNotFound);
            data.Add(provider, "0010", SandboxReasons.PinTimeout);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Approved_collection_is_successful_and_charged_once(string provider)
    {
        ProviderUnderTest p = fixture.Provider(provider);
        Assert.Equal(MobileMoneyProviderName(provider), p.Collections.Provider);
        string payer = Payers.Approving();
        CollectionRequest request = Payers.Request(payer, amountNgwee: 250_075);

        Assert.Equal(SubmitOutcome.Accepted, await p.Collections.RequestToPayAsync(request));

        CollectionStatus status = await p.Collections.GetStatusAsync(request.ReferenceId);
        Assert.Equal(CollectionState.Successful, status.State);
        Assert.Null(status.Reason);
        Assert.False(string.IsNullOrEmpty(status.ProviderTransactionId));
        SandboxTransactionView stored = await fixture.Control.EntryAsync(provider, Collections, request.ReferenceId);
        Assert.Equal((payer, 250_075L, 1), (stored.Msisdn, stored.AmountNgwee, stored.Completions));
        Assert.Equal(status.ProviderTransactionId, stored.ProviderTransactionId);
        Assert.Equal(new SandboxPartyLedger(payer, 250_075L, 1), await fixture.Control.PartyLedgerAsync(provider, Collections, payer));
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Failed_collections_report_the_reason_and_charge_nothing(string provider, string ending, string reason)
    {
        ProviderUnderTest p = fixture.Provider(provider);
        string payer = Payers.Ending(ending);
        CollectionRequest request = Payers.Request(payer);

        Assert.Equal(SubmitOutcome.Accepted, await p.Collections.RequestToPayAsync(request));

        CollectionStatus status = await p.Collections.GetStatusAsync(request.ReferenceId);
        Assert.Equal(CollectionState.Failed, status.State);
        Assert.Equal(reason, status.Reason);
        Assert.Equal(0, (await fixture.Control.EntryAsync(provider, Collections, request.ReferenceId)).Completions);
        Assert.Null(await fixture.Control.PartyLedgerAsync(provider, Collections, payer));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Stuck_collection_stays_pending_until_the_control_api_approves_it_once(string provider)
    {
        ProviderUnderTest p = fixture.Provider(provider);
        string payer = Payers.Ending("0004");
        CollectionRequest request = Payers.Request(payer);
        await p.Collections.RequestToPayAsync(request);

        // For Airtel this is status TA (ambiguous), which must read as pending, never as failed.
        Assert.Equal(CollectionState.Pending, (await p.Collections.GetStatusAsync(request.ReferenceId)).State);
        Assert.Null(await fixture.Control.PartyLedgerAsync(provider, Collections, payer));

        Assert.Equal(HttpStatusCode.OK, await fixture.Control.SettleAsync(provider, Collections, request.ReferenceId, approve: true));
        Assert.Equal(HttpStatusCode.Conflict, await fixture.Control.SettleAsync(provider, Collections, request.ReferenceId, approve: true));

        Assert.Equal(CollectionState.Successful, (await p.Collections.GetStatusAsync(request.ReferenceId)).State);
        Assert.Equal(new SandboxPartyLedger(payer, 1234L, 1), await fixture.Control.PartyLedgerAsync(provider, Collections, payer));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Stuck_collection_rejected_through_the_control_api_fails_with_the_given_reason(string provider)
    {
        ProviderUnderTest p = fixture.Provider(provider);
        CollectionRequest request = Payers.Request(Payers.Ending("0004"));
        await p.Collections.RequestToPayAsync(request);

        Assert.Equal(HttpStatusCode.OK, await fixture.Control.SettleAsync(provider, Collections, request.ReferenceId, approve: false, "PAYER_LIMIT_REACHED"));

        CollectionStatus status = await p.Collections.GetStatusAsync(request.ReferenceId);
        Assert.Equal((CollectionState.Failed, "PAYER_LIMIT_REACHED"), (status.State, status.Reason));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_503s_are_retried_with_the_same_reference_and_charge_once(string provider)
    {
        ProviderUnderTest p = fixture.Provider(provider, o => o.MaxRetryAttempts = 3);
        string payer = Payers.Ending("0005");
        CollectionRequest request = Payers.Request(payer, amountNgwee: 777);

        Assert.Equal(SubmitOutcome.Accepted, await p.Collections.RequestToPayAsync(request));

        Assert.Equal(CollectionState.Successful, (await p.Collections.GetStatusAsync(request.ReferenceId)).State);
        SandboxReferenceView reference = await fixture.Control.DescribeAsync(provider, Collections, request.ReferenceId);
        Assert.Equal(3, reference.RequestAttempts);
        Assert.Equal((1, 1), (reference.Transaction!.Submissions, reference.Transaction.Completions));
        Assert.Equal(new SandboxPartyLedger(payer, 777L, 1), await fixture.Control.PartyLedgerAsync(provider, Collections, payer));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Timed_out_first_attempt_is_retried_and_the_payer_is_charged_once(string provider)
    {
        // The sandbox records the first arrival at once but answers it only after SlowResponseDelay (2 s);
        // the client gives up on it and retries with the same reference, which the provider answers as a duplicate.
        ProviderUnderTest p = fixture.Provider(provider, o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(300);
            o.MaxRetryAttempts = 2;
        });
        string payer = Payers.Ending("0011");
        CollectionRequest request = Payers.Request(payer, amountNgwee: 4_200);

        Assert.Equal(SubmitOutcome.AlreadySubmitted, await p.Collections.RequestToPayAsync(request));

        Assert.Equal(CollectionState.Successful, (await p.Collections.GetStatusAsync(request.ReferenceId)).State);
        SandboxReferenceView reference = await fixture.Control.DescribeAsync(provider, Collections, request.ReferenceId);
        Assert.Equal(2, reference.RequestAttempts);
        Assert.Equal(1, reference.Transaction!.Completions);
        Assert.Equal(new SandboxPartyLedger(payer, 4_200L, 1), await fixture.Control.PartyLedgerAsync(provider, Collections, payer));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Duplicate_submission_is_AlreadySubmitted_and_charges_once(string provider)
    {
        ProviderUnderTest p = fixture.Provider(provider);
        string payer = Payers.Approving();
        CollectionRequest request = Payers.Request(payer, amountNgwee: 10_000);

        Assert.Equal(SubmitOutcome.Accepted, await p.Collections.RequestToPayAsync(request));
        Assert.Equal(SubmitOutcome.AlreadySubmitted, await p.Collections.RequestToPayAsync(request));
        Assert.Equal(SubmitOutcome.AlreadySubmitted, await p.Collections.RequestToPayAsync(request with { AmountNgwee = 99_999 }));

        SandboxTransactionView stored = await fixture.Control.EntryAsync(provider, Collections, request.ReferenceId);
        Assert.Equal((3, 1, 10_000L), (stored.Submissions, stored.Completions, stored.AmountNgwee));
        Assert.Equal(new SandboxPartyLedger(payer, 10_000L, 1), await fixture.Control.PartyLedgerAsync(provider, Collections, payer));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Lost_request_reads_NotFound_and_resubmitting_the_same_reference_charges_once(string provider)
    {
        ProviderUnderTest p = fixture.Provider(provider);
        string payer = Payers.Ending("0003");
        CollectionRequest request = Payers.Request(payer, amountNgwee: 5_000);

        Assert.Equal(SubmitOutcome.Accepted, await p.Collections.RequestToPayAsync(request));
        Assert.Equal(CollectionState.NotFound, (await p.Collections.GetStatusAsync(request.ReferenceId)).State);
        Assert.Equal(SubmitOutcome.Accepted, await p.Collections.RequestToPayAsync(request));

        Assert.Equal(CollectionState.Successful, (await p.Collections.GetStatusAsync(request.ReferenceId)).State);
        Assert.Equal(new SandboxPartyLedger(payer, 5_000L, 1), await fixture.Control.PartyLedgerAsync(provider, Collections, payer));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Unknown_reference_is_NotFound(string provider) =>
        Assert.Equal(CollectionState.NotFound, (await fixture.Provider(provider).Collections.GetStatusAsync(Guid.NewGuid())).State);

    [Theory]
    [InlineData("airtel", "+260971234567")]
    [InlineData("airtel", "254712345678")]
    [InlineData("airtel", "26097123456")]
    [InlineData("zamtel", "254712345678")]
    public async Task Non_zambian_numbers_are_refused_before_anything_is_sent(string provider, string msisdn)
    {
        ProviderUnderTest p = fixture.Provider(provider);
        SandboxStats before = await fixture.Control.StatsAsync(provider, Collections);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => p.Collections.RequestToPayAsync(Payers.Request(msisdn)));

        Assert.Equal(before.SubmitCalls, (await fixture.Control.StatsAsync(provider, Collections)).SubmitCalls);
    }

    private static MobileMoneyProvider MobileMoneyProviderName(string provider) => provider switch
    {
        "mtn" => MobileMoneyProvider.Mtn,
        "airtel" => MobileMoneyProvider.Airtel,
        _ => MobileMoneyProvider.Zamtel,
    };
}
