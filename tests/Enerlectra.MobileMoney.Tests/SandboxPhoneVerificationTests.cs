using Enerlectra.Sandbox;

namespace Enerlectra.MobileMoney.Tests;

/// <summary>
/// The sandbox's convention for Enerlectra's phone verifications, through every provider's real client: a collection
/// marked "enerlectra-verify" is approved whatever the number's scenario ending, except the endings reserved for
/// testing verification (0020-0023), and the ledger counts it apart from payments.
/// </summary>
public class SandboxPhoneVerificationTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string Collections = "collections";

    public static TheoryData<string> Providers => new() { "mtn", "airtel", "zamtel" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_marked_collection_from_a_number_that_declines_payments_is_approved_and_counted_as_a_verification(string provider)
    {
        ProviderUnderTest p = fixture.Provider(provider);
        string payer = Payers.Ending("0001");   // declines every payment
        CollectionRequest verification = Verification(payer);
        CollectionRequest payment = Payers.Request(payer, amountNgwee: 5_000);

        await p.Collections.RequestToPayAsync(verification);
        await p.Collections.RequestToPayAsync(payment);

        Assert.Equal(CollectionState.Successful, (await p.Collections.GetStatusAsync(verification.ReferenceId)).State);
        Assert.Equal(CollectionState.Failed, (await p.Collections.GetStatusAsync(payment.ReferenceId)).State);
        Assert.True((await fixture.Control.EntryAsync(provider, Collections, verification.ReferenceId)).PhoneVerification);
        Assert.False((await fixture.Control.EntryAsync(provider, Collections, payment.ReferenceId)).PhoneVerification);
        Assert.Equal(new SandboxPartyLedger(payer, 100L, 1, 100L, 1), await fixture.Control.PartyLedgerAsync(provider, Collections, payer));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Ending_0020_declines_the_verification_but_not_payments(string provider)
    {
        ProviderUnderTest p = fixture.Provider(provider);
        string payer = Payers.Ending("0020");
        CollectionRequest verification = Verification(payer);
        CollectionRequest payment = Payers.Request(payer, amountNgwee: 700);

        await p.Collections.RequestToPayAsync(verification);
        await p.Collections.RequestToPayAsync(payment);

        CollectionStatus declined = await p.Collections.GetStatusAsync(verification.ReferenceId);
        Assert.Equal((CollectionState.Failed, SandboxReasons.ApprovalRejected), (declined.State, declined.Reason));
        Assert.Equal(CollectionState.Successful, (await p.Collections.GetStatusAsync(payment.ReferenceId)).State);
        Assert.Equal(new SandboxPartyLedger(payer, 700L, 1, 0L, 0), await fixture.Control.PartyLedgerAsync(provider, Collections, payer));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Ending_0021_holds_the_verification_until_the_control_api_decides(string provider)
    {
        ProviderUnderTest p = fixture.Provider(provider);
        string payer = Payers.Ending("0021");
        CollectionRequest verification = Verification(payer);
        await p.Collections.RequestToPayAsync(verification);

        Assert.Equal(CollectionState.Pending, (await p.Collections.GetStatusAsync(verification.ReferenceId)).State);
        Assert.Equal(System.Net.HttpStatusCode.OK, await fixture.Control.SettleAsync(provider, Collections, verification.ReferenceId, approve: true));
        Assert.Equal(CollectionState.Successful, (await p.Collections.GetStatusAsync(verification.ReferenceId)).State);
        Assert.Equal(new SandboxPartyLedger(payer, 100L, 1, 100L, 1), await fixture.Control.PartyLedgerAsync(provider, Collections, payer));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Ending_0022_loses_the_first_verification_request_and_charges_once_on_resubmission(string provider)
    {
        ProviderUnderTest p = fixture.Provider(provider);
        string payer = Payers.Ending("0022");
        CollectionRequest verification = Verification(payer);

        await p.Collections.RequestToPayAsync(verification);
        Assert.Equal(CollectionState.NotFound, (await p.Collections.GetStatusAsync(verification.ReferenceId)).State);
        await p.Collections.RequestToPayAsync(verification);
        Assert.Equal(SubmitOutcome.AlreadySubmitted, await p.Collections.RequestToPayAsync(verification));

        Assert.Equal(CollectionState.Successful, (await p.Collections.GetStatusAsync(verification.ReferenceId)).State);
        Assert.Equal(1, (await fixture.Control.EntryAsync(provider, Collections, verification.ReferenceId)).Completions);
        Assert.Equal(new SandboxPartyLedger(payer, 100L, 1, 100L, 1), await fixture.Control.PartyLedgerAsync(provider, Collections, payer));
    }

    /// <summary>A verification as the server sends it: the mark at the start of the external id and the payer message.</summary>
    private static CollectionRequest Verification(string payer)
    {
        CollectionRequest request = Payers.Request(payer, amountNgwee: 100);
        return request with
        {
            ExternalId = $"{SandboxPhoneVerification.Marker}:{request.ReferenceId:N}",
            PayerMessage = $"{SandboxPhoneVerification.Marker}: approve ZMW 1.00 to link this number",
        };
    }
}
