using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Tests.Support;
using Xunit;

namespace Enerlectra.Tests.Grains;

/// <summary>
/// Seller payouts on a real cluster against the sandbox's MTN disbursement API: batched by threshold, paid exactly
/// once, returned to earnings on a definite failure, and reconciled (not guessed) when the outcome is unknown.
/// </summary>
public sealed class PayoutGrainTests(PayoutClusterFixture fixture) : IClassFixture<PayoutClusterFixture>
{
    private const long Price = 1_000; // ngwee per kWh: 1 Wh costs 1 ngwee

    private readonly Trading _trading = new(fixture.Client);

    [Fact]
    public async Task Earnings_below_the_threshold_wait_then_go_out_in_one_payout()
    {
        var (seller, phone, offer) = await SellerWithPhoneAsync("5000");

        var first = await BuyAsync(offer, 2_000);
        var wallet = await _trading.Wallet(seller).GetAsync();
        Assert.Equal(first.SellerNetNgwee, wallet.EarningsNgwee);
        Assert.Equal(0, wallet.PayoutPendingNgwee + wallet.PaidOutNgwee);

        var second = await BuyAsync(offer, 4_000);
        var total = first.SellerNetNgwee + second.SellerNetNgwee;
        Assert.True(total >= PayoutClusterFixture.ThresholdNgwee);
        var paid = await Eventually.UntilAsync(() => _trading.Wallet(seller).GetAsync(), w => w.PaidOutNgwee > 0, "the payout to complete");
        Assert.Equal(total, paid.PaidOutNgwee);
        Assert.Equal(0, paid.EarningsNgwee);
        Assert.Equal(0, paid.PayoutPendingNgwee);
        Assert.Null(paid.LastPayoutFailure);
        Assert.Equal((total, 1), await fixture.PaidToAsync(phone));
        AssertMoneyConserved(paid, first, second);
    }

    [Fact]
    public async Task A_refused_payout_returns_the_money_to_earnings_and_says_why()
    {
        var (seller, phone, offer) = await SellerWithPhoneAsync("0001");
        var trade = await BuyAsync(offer, 6_000);

        var wallet = await Eventually.UntilAsync(() => _trading.Wallet(seller).GetAsync(), w => w.LastPayoutFailure is not null, "the payout to fail");
        Assert.Equal(trade.SellerNetNgwee, wallet.EarningsNgwee);
        Assert.Equal(0, wallet.PayoutPendingNgwee);
        Assert.Equal(0, wallet.PaidOutNgwee);
        Assert.Equal((0, 0), await fixture.PaidToAsync(phone));
        AssertMoneyConserved(wallet, trade);
    }

    [Fact]
    public async Task An_unresolved_payout_stays_pending_until_the_provider_decides()
    {
        var (seller, phone, offer) = await SellerWithPhoneAsync("0004");
        var trade = await BuyAsync(offer, 6_000);

        var pending = await Eventually.UntilAsync(() => _trading.Wallet(seller).GetAsync(), w => w.PayoutPendingNgwee > 0, "the payout to start");
        Assert.Equal(trade.SellerNetNgwee, pending.PayoutPendingNgwee);
        Assert.Equal(0, pending.EarningsNgwee);

        // The first payout of a seller has the id the wallet derives from its sequence number 1.
        var payoutId = fixture.Ids.PayoutId(seller, 1);
        await Eventually.UntilAsync(async () => (await fixture.ApprovePayoutAsync(payoutId)).IsSuccessStatusCode, "the sandbox to hold the payout");
        var paid = await Eventually.UntilAsync(() => _trading.Wallet(seller).GetAsync(), w => w.PaidOutNgwee > 0, "the payout to complete");
        Assert.Equal(trade.SellerNetNgwee, paid.PaidOutNgwee);
        Assert.Equal(0, paid.PayoutPendingNgwee);
        Assert.Equal((trade.SellerNetNgwee, 1), await fixture.PaidToAsync(phone));
    }

    [Fact]
    public async Task A_seller_can_ask_for_earnings_below_the_threshold()
    {
        var (seller, phone, offer) = await SellerWithPhoneAsync("5000");
        await Trading.RefusedAsync(() => _trading.Wallet(seller).RequestPayoutAsync(), ErrorKind.FailedPrecondition, null);

        var trade = await BuyAsync(offer, 1_000);
        Assert.True(trade.SellerNetNgwee < PayoutClusterFixture.ThresholdNgwee);
        await _trading.Wallet(seller).RequestPayoutAsync();
        var paid = await Eventually.UntilAsync(() => _trading.Wallet(seller).GetAsync(), w => w.PaidOutNgwee > 0, "the requested payout to complete");
        Assert.Equal(trade.SellerNetNgwee, paid.PaidOutNgwee);
        Assert.Equal((trade.SellerNetNgwee, 1), await fixture.PaidToAsync(phone));
    }

    [Fact]
    public async Task Earnings_wait_for_a_verified_phone_and_go_only_to_it()
    {
        var seller = await _trading.SellerWithAsync(20_000);
        var offer = await _trading.OfferAsync(seller, 20_000, Price, Names.Market());
        var trade = await BuyAsync(offer.OfferId, 6_000);
        Assert.True(trade.SellerNetNgwee >= PayoutClusterFixture.ThresholdNgwee);

        // No verified phone: the earnings stay (and asking for them says why).
        var refused = await Trading.RefusedAsync(() => _trading.Wallet(seller).RequestPayoutAsync(), ErrorKind.FailedPrecondition, "phoneNumber");
        Assert.Contains("verif", refused.Message);
        // A number awaiting approval (0021: the sandbox holds its verification) is not verified either.
        var pending = Names.Payer("0021");
        await _trading.Wallet(seller).SetPhoneAsync(pending, null);
        await Trading.RefusedAsync(() => _trading.Wallet(seller).RequestPayoutAsync(), ErrorKind.FailedPrecondition, "phoneNumber");
        var waiting = await _trading.Wallet(seller).GetAsync();
        Assert.Equal((trade.SellerNetNgwee, 0L, 0L), (waiting.EarningsNgwee, waiting.PayoutPendingNgwee, waiting.PaidOutNgwee));
        Assert.Equal((0L, 0), await fixture.PaidToAsync(pending));

        // Its owner approves: now it is the verified phone, and the waiting earnings go out to it, once.
        var verificationId = waiting.PhoneVerification!.VerificationId;
        await Eventually.UntilAsync(() => fixture.DescribeAsync(verificationId), r => r.Transaction?.Status == "PENDING", "the verification to reach the phone");
        using (var approve = await fixture.SandboxHttp.PostAsync($"sandbox/mtn/requesttopay/{verificationId:D}/approve", null))
        {
            approve.EnsureSuccessStatusCode();
        }

        var paid = await Eventually.UntilAsync(() => _trading.Wallet(seller).GetAsync(), w => w.PaidOutNgwee > 0, "the payout to the newly verified phone");
        Assert.Equal(("+" + pending, trade.SellerNetNgwee, 0L), (paid.PhoneNumber, paid.PaidOutNgwee, paid.EarningsNgwee));
        Assert.Equal((trade.SellerNetNgwee, 1), await fixture.PaidToAsync(pending));
        AssertMoneyConserved(paid, trade);
    }

    private async Task<(string Seller, string Phone, Guid OfferId)> SellerWithPhoneAsync(string ending)
    {
        var seller = await _trading.SellerWithAsync(20_000);
        var phone = Names.Payer(ending);
        await _trading.LinkVerifiedPhoneAsync(seller, phone);
        var offer = await _trading.OfferAsync(seller, 20_000, Price, Names.Market());
        return (seller, phone, offer.OfferId);
    }

    private async Task<TradeSnapshot> BuyAsync(Guid offerId, long energyWh)
    {
        var (buyer, payer) = await _trading.BuyerAsync();
        var started = await _trading.BuyAsync(offerId, buyer, energyWh, payer);
        var trade = await _trading.FinalAsync(started.TradeId);
        Assert.Equal(TradeStatus.Completed, trade.Status);
        return trade;
    }

    /// <summary>What buyers paid is, to the ngwee, what the seller holds, has in flight or received, plus fees.</summary>
    private static void AssertMoneyConserved(WalletSnapshot seller, params TradeSnapshot[] trades) =>
        Assert.Equal(
            trades.Sum(t => t.AmountNgwee),
            seller.EarningsNgwee + seller.PayoutPendingNgwee + seller.PaidOutNgwee + trades.Sum(t => t.FeeNgwee));
}
