using System.Net;
using Enerlectra.MobileMoney.Airtel;
using Enerlectra.MobileMoney.Mtn;
using Enerlectra.Sandbox;

namespace Enerlectra.MobileMoney.Tests;

/// <summary>Seller payouts (disbursements) against every provider's client and the sandbox.</summary>
public class ProviderPayoutTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string Payouts = "payouts";

    public static TheoryData<string> Providers => new() { "mtn", "airtel", "zamtel" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Payout_succeeds_and_pays_once(string provider)
    {
        ProviderUnderTest p = fixture.Provider(provider);
        string payee = Payers.Approving();
        DisbursementRequest request = Payers.Payout(payee, amountNgwee: 123_456);

        Assert.Equal(SubmitOutcome.Accepted, await p.Payouts.TransferAsync(request));

        CollectionStatus status = await p.Payouts.GetTransferStatusAsync(request.ReferenceId);
        Assert.Equal(CollectionState.Successful, status.State);
        Assert.False(string.IsNullOrEmpty(status.ProviderTransactionId));
        Assert.Equal(new SandboxPartyLedger(payee, 123_456L, 1), await fixture.Control.PartyLedgerAsync(provider, Payouts, payee));
        // Payouts and collections are separate books: nothing was collected from the payee.
        Assert.Null(await fixture.Control.PartyLedgerAsync(provider, "collections", payee));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Payout_to_an_unknown_wallet_fails_and_pays_nothing(string provider)
    {
        ProviderUnderTest p = fixture.Provider(provider);
        string payee = Payers.Ending("0009");
        DisbursementRequest request = Payers.Payout(payee);

        Assert.Equal(SubmitOutcome.Accepted, await p.Payouts.TransferAsync(request));

        CollectionStatus status = await p.Payouts.GetTransferStatusAsync(request.ReferenceId);
        Assert.Equal((CollectionState.Failed, SandboxReasons.PayerNotFound), (status.State, status.Reason));
        Assert.Null(await fixture.Control.PartyLedgerAsync(provider, Payouts, payee));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Payout_with_an_unknown_outcome_is_reconciled_by_status_query_and_paid_once(string provider)
    {
        // No retries and a short timeout: the client cannot know whether the payout happened.
        ProviderUnderTest p = fixture.Provider(provider, o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(300);
            o.MaxRetryAttempts = 0;
        });
        string payee = Payers.Ending("0011");
        DisbursementRequest request = Payers.Payout(payee, amountNgwee: 9_900);

        var unknown = await Assert.ThrowsAsync<MobileMoneyUnavailableException>(() => p.Payouts.TransferAsync(request));
        Assert.Contains("outcome is unknown", unknown.Message);

        // Reconciling happens later, with the normal settings (the 300 ms limit was only there to lose the answer; on
        // a busy machine it would also make the status query itself time out).
        ProviderUnderTest reconciler = fixture.Provider(provider);
        CollectionStatus status = await reconciler.Payouts.GetTransferStatusAsync(request.ReferenceId);
        Assert.Equal(CollectionState.Successful, status.State);

        // Resending under the same reference is safe: it is a duplicate, not a second payout.
        Assert.Equal(SubmitOutcome.AlreadySubmitted, await reconciler.Payouts.TransferAsync(request));
        Assert.Equal(new SandboxPartyLedger(payee, 9_900L, 1), await fixture.Control.PartyLedgerAsync(provider, Payouts, payee));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Payout_503s_are_retried_and_pay_once(string provider)
    {
        ProviderUnderTest p = fixture.Provider(provider, o => o.MaxRetryAttempts = 3);
        string payee = Payers.Ending("0005");
        DisbursementRequest request = Payers.Payout(payee, amountNgwee: 50);

        Assert.Equal(SubmitOutcome.Accepted, await p.Payouts.TransferAsync(request));

        Assert.Equal(3, (await fixture.Control.DescribeAsync(provider, Payouts, request.ReferenceId)).RequestAttempts);
        Assert.Equal(new SandboxPartyLedger(payee, 50L, 1), await fixture.Control.PartyLedgerAsync(provider, Payouts, payee));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Duplicate_payout_is_AlreadySubmitted_and_pays_once(string provider)
    {
        ProviderUnderTest p = fixture.Provider(provider);
        string payee = Payers.Approving();
        DisbursementRequest request = Payers.Payout(payee);

        Assert.Equal(SubmitOutcome.Accepted, await p.Payouts.TransferAsync(request));
        Assert.Equal(SubmitOutcome.AlreadySubmitted, await p.Payouts.TransferAsync(request));

        Assert.Equal(2, (await fixture.Control.EntryAsync(provider, Payouts, request.ReferenceId)).Submissions);
        Assert.Equal(new SandboxPartyLedger(payee, 1234L, 1), await fixture.Control.PartyLedgerAsync(provider, Payouts, payee));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Stuck_payout_is_paid_when_the_control_api_approves_it(string provider)
    {
        ProviderUnderTest p = fixture.Provider(provider);
        string payee = Payers.Ending("0004");
        DisbursementRequest request = Payers.Payout(payee);
        await p.Payouts.TransferAsync(request);
        Assert.Equal(CollectionState.Pending, (await p.Payouts.GetTransferStatusAsync(request.ReferenceId)).State);

        Assert.Equal(HttpStatusCode.OK, await fixture.Control.SettleAsync(provider, Payouts, request.ReferenceId, approve: true));

        Assert.Equal(CollectionState.Successful, (await p.Payouts.GetTransferStatusAsync(request.ReferenceId)).State);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Unknown_payout_reference_is_NotFound(string provider) =>
        Assert.Equal(CollectionState.NotFound, (await fixture.Provider(provider).Payouts.GetTransferStatusAsync(Guid.NewGuid())).State);

    [Fact]
    public async Task Mtn_payouts_use_the_disbursement_credentials()
    {
        using var http = new HttpClient();
        var client = new MtnMomoDisbursementClient(http, fixture.ClientOptions(o => o.DisbursementApiKey = "the-collection-key-will-not-do"));

        var rejected = await Assert.ThrowsAsync<MobileMoneyRejectedException>(() => client.TransferAsync(Payers.Payout(Payers.Approving())));

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal("login_failed", rejected.ErrorCode);
        Assert.Contains("DisbursementApiKey", rejected.Message);
    }

    [Fact]
    public void Mtn_payouts_without_disbursement_credentials_are_refused_at_construction()
    {
        using var http = new HttpClient();
        var error = Assert.Throws<ArgumentException>(() => new MtnMomoDisbursementClient(
            http,
            fixture.ClientOptions(o =>
            {
                o.DisbursementApiUser = string.Empty;
                o.DisbursementApiKey = string.Empty;
                o.DisbursementSubscriptionKey = string.Empty;
            })));
        Assert.Contains("DisbursementApiUser", error.Message);
    }

    [Fact]
    public async Task Airtel_payout_with_the_wrong_pin_is_rejected_and_pays_nothing()
    {
        using var http = new HttpClient();
        var client = new AirtelMoneyDisbursementClient(http, SandboxClients.Airtel(fixture.Sandbox, o => o.DisbursementPin = "wrong-pin"));
        DisbursementRequest request = Payers.Payout(Payers.Approving());

        var rejected = await Assert.ThrowsAsync<MobileMoneyRejectedException>(() => client.TransferAsync(request));

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal(MobileMoneyProvider.Airtel, rejected.Provider);
        Assert.Null((await fixture.Control.DescribeAsync("airtel", Payouts, request.ReferenceId)).Transaction);
    }
}
