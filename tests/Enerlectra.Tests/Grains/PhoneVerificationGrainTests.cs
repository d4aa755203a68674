using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.PhoneVerifications;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Tests.Support;
using Xunit;

namespace Enerlectra.Tests.Grains;

/// <summary>
/// Linking a phone on a real cluster against the sandbox's MTN collections: a number is linked only once its owner
/// approved the verification collection, which is credited to their balance exactly once; a failure links nothing;
/// an unknown outcome is reconciled under the same reference; and trades collect only from the verified phone.
/// </summary>
public sealed class PhoneVerificationGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly Trading _t = new(fixture.Client);

    [Fact]
    public async Task A_number_is_linked_only_once_its_owner_approves_and_the_amount_is_credited_to_the_balance_once()
    {
        var user = Names.User("user");
        var phone = Names.Payer("5000");
        var wallet = _t.Wallet(user);

        var started = await wallet.SetPhoneAsync("+" + phone, null);
        Assert.Null(started.PhoneNumber);
        Assert.Equal(0, await _t.BalanceAsync(user));
        var verification = started.PhoneVerification!;
        Assert.Equal(("+" + phone, PhoneVerificationStatus.AwaitingApproval, Trading.VerificationNgwee), (verification.PhoneNumber, verification.Status, verification.AmountNgwee));

        var verified = await Eventually.UntilAsync(() => wallet.GetAsync(), w => w.PhoneNumber is not null, "the number to be verified");
        Assert.Equal(("+" + phone, MobileNetwork.Mtn), (verified.PhoneNumber, verified.PhoneNetwork));
        Assert.Equal((PhoneVerificationStatus.Verified, verification.VerificationId), (verified.PhoneVerification!.Status, verified.PhoneVerification.VerificationId));
        Assert.Equal(Trading.VerificationNgwee, await _t.BalanceAsync(user));
        // The collection was ours, marked as a verification, and charged once, under the verification's own reference.
        var collection = await fixture.DescribeAsync(verification.VerificationId);
        Assert.Equal((1, true, Trading.VerificationNgwee), (collection.Transaction!.ChargeCount, collection.Transaction.PhoneVerification, collection.Transaction.AmountNgwee));
        var row = (await fixture.LedgerAsync()).For(phone);
        Assert.Equal(((Trading.VerificationNgwee, 1), (0L, 0)), (row.Verifications(), row.Payments()));

        // The verified number again changes nothing: no new verification, no new prompt.
        var again = await wallet.SetPhoneAsync("0" + phone[3..], null);
        Assert.Equal(verified, again);
        Assert.Equal(1, (await fixture.DescribeAsync(verification.VerificationId)).RequestAttempts);
        Assert.Equal((Trading.VerificationNgwee, 1), (await fixture.LedgerAsync()).For(phone).Verifications());
        await Eventually.UntilAsync(
            async () => await Reconciler(verification.VerificationId).FindAsync(verification.VerificationId) is null,
            "the verification to leave the reconciler's list");
    }

    [Fact]
    public async Task A_declined_verification_links_nothing_says_why_and_keeps_the_verified_number()
    {
        var user = Names.User("user");
        var first = Names.Payer("5000");
        await _t.LinkVerifiedPhoneAsync(user, first);
        var declined = Names.Payer("0020"); // the sandbox's payer declines verifications of this number

        var started = await _t.Wallet(user).SetPhoneAsync(declined, null);
        Assert.Equal(("+" + first, "+" + declined), (started.PhoneNumber, started.PhoneVerification!.PhoneNumber));
        var failed = await Eventually.UntilAsync(
            () => _t.Wallet(user).GetAsync(), w => w.PhoneVerification!.Status != PhoneVerificationStatus.AwaitingApproval, "the verification to end");

        Assert.Equal(PhoneVerificationStatus.Failed, failed.PhoneVerification!.Status);
        Assert.Contains("declined", failed.PhoneVerification.FailureReason);
        Assert.Equal(("+" + first, Trading.VerificationNgwee), (failed.PhoneNumber, await _t.BalanceAsync(user)));
        var row = (await fixture.LedgerAsync()).For(declined);
        Assert.Equal(((0L, 0), (0L, 0)), (row.Verifications(), row.Payments()));
        var grain = await fixture.Client.GetGrain<IPhoneVerificationGrain>(started.PhoneVerification.VerificationId, user, null).GetAsync();
        Assert.Equal(PhoneVerificationStatus.Failed, grain!.Status);
    }

    [Fact]
    public async Task A_verification_whose_first_request_was_lost_is_reconciled_to_exactly_one_charge()
    {
        var user = Names.User("user");
        var phone = Names.Payer("0022"); // the sandbox loses the first arrival of this number's verification

        var verified = await _t.LinkVerifiedPhoneAsync(user, phone);

        var collection = await fixture.DescribeAsync(verified.PhoneVerification!.VerificationId);
        Assert.True(collection.RequestAttempts >= 2, "the first arrival was lost, so verifying needs a resubmission under the same reference");
        Assert.Equal(1, collection.Transaction!.ChargeCount);
        Assert.Equal((Trading.VerificationNgwee, 1), (await fixture.LedgerAsync()).For(phone).Verifications());
        Assert.Equal(Trading.VerificationNgwee, await _t.BalanceAsync(user));
    }

    [Fact]
    public async Task A_verification_the_provider_holds_waits_on_the_reconcilers_list_until_approved()
    {
        var user = Names.User("user");
        var phone = Names.Payer("0021"); // the sandbox holds this number's verification until told
        var started = await _t.Wallet(user).SetPhoneAsync(phone, null);
        var id = started.PhoneVerification!.VerificationId;
        await Eventually.UntilAsync(() => fixture.DescribeAsync(id), r => r.Transaction?.Status == "PENDING", "MTN to hold the verification");

        // Waiting is never failing: still awaiting approval, durably listed for the reconciler's sweeps.
        var waiting = await _t.Wallet(user).GetAsync();
        Assert.Equal(((string?)null, PhoneVerificationStatus.AwaitingApproval), (waiting.PhoneNumber, waiting.PhoneVerification!.Status));
        var listed = await Reconciler(id).FindAsync(id);
        Assert.Equal((PendingKind.PhoneVerification, user, MobileNetwork.Mtn), (listed!.Kind, listed.Owner, listed.Network));
        // Meanwhile another number cannot be started; the same number again is the same verification.
        await Trading.RefusedAsync(() => _t.Wallet(user).SetPhoneAsync(Names.Payer("5000"), null), ErrorKind.FailedPrecondition, "phoneNumber");
        Assert.Equal(id, (await _t.Wallet(user).SetPhoneAsync(phone, null)).PhoneVerification!.VerificationId);

        using (var approve = await fixture.SandboxHttp.PostAsync($"sandbox/mtn/requesttopay/{id:D}/approve", null))
        {
            approve.EnsureSuccessStatusCode();
        }

        var verified = await Eventually.UntilAsync(() => _t.Wallet(user).GetAsync(), w => w.PhoneNumber is not null, "the approved number to be linked");
        Assert.Equal(("+" + phone, Trading.VerificationNgwee), (verified.PhoneNumber, await _t.BalanceAsync(user)));
        Assert.Equal(1, (await fixture.DescribeAsync(id)).RequestAttempts);
        Assert.Equal((Trading.VerificationNgwee, 1), (await fixture.LedgerAsync()).For(phone).Verifications());
    }

    [Fact]
    public async Task A_cancelled_verification_links_nothing_but_money_collected_anyway_is_credited_once()
    {
        var user = Names.User("user");
        var phone = Names.Payer("0021");
        var started = await _t.Wallet(user).SetPhoneAsync(phone, null);
        var id = started.PhoneVerification!.VerificationId;
        await Eventually.UntilAsync(() => fixture.DescribeAsync(id), r => r.Transaction?.Status == "PENDING", "the prompt to reach the phone");

        var cancelled = await _t.Wallet(user).CancelPhoneVerificationAsync();
        Assert.Equal(((string?)null, PhoneVerificationStatus.Cancelled), (cancelled.PhoneNumber, cancelled.PhoneVerification!.Status));
        Assert.Equal(cancelled, await _t.Wallet(user).CancelPhoneVerificationAsync());

        // The prompt could not be withdrawn and its owner approves it: the money is theirs, the number still not linked.
        using (var approve = await fixture.SandboxHttp.PostAsync($"sandbox/mtn/requesttopay/{id:D}/approve", null))
        {
            approve.EnsureSuccessStatusCode();
        }

        await Eventually.UntilAsync(() => _t.BalanceAsync(user), b => b > 0, "the collected amount to be credited");
        var credited = await _t.Wallet(user).GetAsync();
        Assert.Equal((Trading.VerificationNgwee, (string?)null, PhoneVerificationStatus.Cancelled), (await _t.BalanceAsync(user), credited.PhoneNumber, credited.PhoneVerification!.Status));
        await Eventually.UntilAsync(async () => await Reconciler(id).FindAsync(id) is null, "the verification to leave the reconciler's list");
        Assert.Equal(Trading.VerificationNgwee, await _t.BalanceAsync(user));
        Assert.Equal((Trading.VerificationNgwee, 1), (await fixture.LedgerAsync()).For(phone).Verifications());
    }

    [Fact]
    public async Task Verifications_a_user_may_start_in_a_day_are_limited()
    {
        var user = Names.User("user");
        for (var i = 0; i < new PhoneVerificationOptions().MaxPerDay; i++)
        {
            await _t.Wallet(user).SetPhoneAsync(Names.Payer("0020"), null);
            await Eventually.UntilAsync(() => _t.Wallet(user).GetAsync(), w => w.PhoneVerification!.Status == PhoneVerificationStatus.Failed, "the declined verification to end");
        }

        var phone = Names.Payer("5000");
        var refused = await Trading.RefusedAsync(() => _t.Wallet(user).SetPhoneAsync(phone, null), ErrorKind.FailedPrecondition, "phoneNumber");
        Assert.Contains("24 hours", refused.Message);
        Assert.Equal(PhoneVerificationStatus.Failed, (await _t.Wallet(user).GetAsync()).PhoneVerification!.Status);
        Assert.Equal((0L, 0), (await fixture.LedgerAsync()).For(phone).Verifications());
    }

    [Fact]
    public async Task A_trade_collects_only_from_the_buyers_verified_phone_and_refuses_any_other_number_before_anything_happens()
    {
        var seller = await _t.SellerWithAsync(5_000);
        var offer = await _t.OfferAsync(seller, 5_000, 1_000, Names.Market());
        var (owner, victim) = await _t.BuyerAsync();                 // someone else's verified number
        var buyer = Names.User("buyer");
        var stranger = Names.Payer("5000");                          // nobody's verified number
        var awaiting = Names.Payer("0021");                          // the buyer's, but not approved yet

        // No verified phone at all: neither a named number nor "the verified one" can pay.
        await AssertRefusedAsync(buyer, stranger, "not the verified phone");
        await AssertRefusedAsync(buyer, "", "no verified phone");
        await _t.Wallet(buyer).SetPhoneAsync(awaiting, null);
        await AssertRefusedAsync(buyer, awaiting, "not the verified phone");
        await _t.Wallet(buyer).CancelPhoneVerificationAsync();
        var own = Names.Payer("5000");
        await _t.LinkVerifiedPhoneAsync(buyer, own);
        // Verified buyers cannot pay from someone else's number either, whatever the method.
        await AssertRefusedAsync(buyer, victim, "not the verified phone");
        await AssertRefusedAsync(buyer, victim, "not the verified phone", PaymentMethod.Hybrid);

        Assert.Equal(5_000, (await _t.Offer(offer.OfferId).GetAsync()).RemainingWh);
        var ledger = await fixture.LedgerAsync();
        Assert.Equal((0L, 0), ledger.For(victim).Payments());
        Assert.Equal((0L, 0), ledger.For(stranger).Payments());
        Assert.Equal((0L, 0), ledger.For(awaiting).Payments());

        // An empty number pays from the verified phone, over its network.
        var started = await _t.BuyAsync(offer.OfferId, buyer, 2_000, "");
        Assert.Equal(("+" + own, MobileNetwork.Mtn), (started.PayerMsisdn, started.Network));
        var done = await _t.FinalAsync(started.TradeId);
        Assert.Equal(TradeStatus.Completed, done.Status);
        Assert.Equal((done.AmountNgwee, 1), (await fixture.LedgerAsync()).For(own).Payments());
        Assert.Equal(0, (await _t.Wallet(owner).GetAsync()).SpentNgwee);

        async Task AssertRefusedAsync(string who, string payer, string words, PaymentMethod method = PaymentMethod.MobileMoney)
        {
            var tradeId = Guid.NewGuid();
            var request = Trading.Request(offer.OfferId, who, 1_000, payer) with { Method = method };
            var refused = await Trading.RefusedAsync(() => _t.Trade(tradeId).StartAsync(request), ErrorKind.FailedPrecondition, "phoneNumber");
            Assert.Contains(words, refused.Message);
            Assert.Contains("verif", refused.Message);
            Assert.False(await _t.Trade(tradeId).ExistsAsync());
            // The provider never heard of it: no prompt reached any phone.
            Assert.Equal(0, (await fixture.DescribeAsync(tradeId)).RequestAttempts);
        }
    }

    private IPaymentReconcilerGrain Reconciler(Guid id) => fixture.Client.GetGrain<IPaymentReconcilerGrain>(PaymentReconcilers.ShardOf(id));
}
