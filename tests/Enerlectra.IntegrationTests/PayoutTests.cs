using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Grpc.Core;

namespace Enerlectra.IntegrationTests;

/// <summary>The default run's gateway with payouts on (as shipped): sellers are paid to their phones.</summary>
public sealed class PayoutGatewayFixture : GatewayFixture
{
    protected override IReadOnlyDictionary<string, string?>? Overrides => new Dictionary<string, string?>
    {
        ["Payouts:Enabled"] = "true",
        ["Payouts:ThresholdNgwee"] = "0",
    };
}

/// <summary>
/// Seller payouts through the public API against the sandbox's disbursement APIs of all three providers: the
/// seller's net earnings land on their phone exactly once, a refused payout comes back to earnings with a reason,
/// and a seller can send earnings on demand.
/// </summary>
public sealed class PayoutTests(PayoutGatewayFixture fixture) : IClassFixture<PayoutGatewayFixture>
{
    private ApiClients Api => fixture.Api;

    public static TheoryData<string, string> Networks => new() { { "mtn", "96" }, { "airtel", "97" }, { "zamtel", "95" } };

    [Theory]
    [MemberData(nameof(Networks))]
    public async Task A_sale_is_paid_out_to_the_sellers_phone_once(string provider, string prefix)
    {
        var (sellerId, sellerToken, sellerPhone, offer) = await SellerAsync(ApiClients.Phone(prefix));
        var trade = await BuyAsync(offer, 4_000);

        var wallet = await Eventually.UntilAsync(() => Api.WalletAsync(sellerId, sellerToken), w => w.PaidOutNgwee > 0, "the payout to reach the phone");
        Assert.Equal(trade.SellerNetNgwee, wallet.PaidOutNgwee);
        Assert.Equal((0L, 0L, ""), (wallet.EarningsNgwee, wallet.PayoutPendingNgwee, wallet.LastPayoutFailure));
        var ledger = await fixture.Sandbox.PayoutLedgerAsync(provider);
        Assert.Equal((1, trade.SellerNetNgwee), ledger.For(sellerPhone).Payments);
        Assert.Equal(trade.AmountNgwee, wallet.PaidOutNgwee + trade.FeeNgwee);
    }

    [Fact]
    public async Task A_refused_payout_returns_to_earnings_and_can_be_retried_after_fixing_the_number()
    {
        var (sellerId, sellerToken, _, offer) = await SellerAsync(ApiClients.MtnPhone("0009")); // payee not found
        var trade = await BuyAsync(offer, 4_000);

        var failed = await Eventually.UntilAsync(() => Api.WalletAsync(sellerId, sellerToken), w => w.LastPayoutFailure != "", "the payout to fail");
        Assert.Equal((trade.SellerNetNgwee, 0L, 0L), (failed.EarningsNgwee, failed.PayoutPendingNgwee, failed.PaidOutNgwee));

        var fixedPhone = ApiClients.MtnPhone();
        await Api.LinkVerifiedPhoneAsync(sellerId, sellerToken, fixedPhone);
        var paid = await Eventually.UntilAsync(() => Api.WalletAsync(sellerId, sellerToken), w => w.PaidOutNgwee > 0, "the retried payout");
        Assert.Equal((0L, trade.SellerNetNgwee, ""), (paid.EarningsNgwee, paid.PaidOutNgwee, paid.LastPayoutFailure));
        Assert.Equal((1, trade.SellerNetNgwee), (await fixture.Sandbox.PayoutLedgerAsync("mtn")).For(fixedPhone).Payments);
    }

    [Fact]
    public async Task Earnings_go_only_to_a_verified_phone_and_wait_while_its_verification_is_pending()
    {
        var sellerId = ApiClients.NewUserId("seller");
        await Api.CreditGenerationAsync(sellerId, 10_000);
        var sellerToken = await Api.TokenAsync(sellerId);
        var offer = await Api.CreateOfferAsync(sellerToken, 10_000, 2_000);
        var trade = await BuyAsync(offer, 4_000);

        // No verified phone: nothing is paid out, and asking says what to do.
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await Api.Wallets.RequestPayoutAsync(new RequestPayoutRequest { UserId = sellerId }, sellerToken));
        Assert.Equal((StatusCode.FailedPrecondition, "phoneNumber"), (refused.StatusCode, refused.Trailers.GetValue("field")));
        Assert.Contains("verif", refused.Status.Detail);

        // A number awaiting approval (the sandbox holds verifications of 0021) receives nothing either.
        var phone = ApiClients.MtnPhone("0021");
        var linking = await Api.Wallets.SetPhoneAsync(new SetPhoneRequest { UserId = sellerId, PhoneNumber = phone }, sellerToken);
        Assert.Equal(("", "awaiting_approval"), (linking.PhoneNumber, linking.PhoneVerification.Status));
        await Eventually.UntilAsync(
            async () => (await fixture.Sandbox.CollectionAsync("mtn", linking.PhoneVerification.VerificationId)).GetProperty("transaction").ValueKind == System.Text.Json.JsonValueKind.Object,
            "the verification to reach the phone");
        var waiting = await Api.WalletAsync(sellerId, sellerToken);
        Assert.Equal((trade.SellerNetNgwee, 0L, 0L), (waiting.EarningsNgwee, waiting.PayoutPendingNgwee, waiting.PaidOutNgwee));
        Assert.Equal((0, 0L), (await fixture.Sandbox.PayoutLedgerAsync("mtn")).For(phone).Payments);

        // Its owner approves: the waiting earnings go to the newly verified number, once.
        using (var approve = await fixture.Sandbox.ApproveAsync("mtn", linking.PhoneVerification.VerificationId))
        {
            Assert.True(approve.IsSuccessStatusCode);
        }

        var paid = await Eventually.UntilAsync(() => Api.WalletAsync(sellerId, sellerToken), w => w.PaidOutNgwee > 0, "the payout to the verified phone");
        Assert.Equal((phone, 0L, trade.SellerNetNgwee), (paid.PhoneNumber, paid.EarningsNgwee, paid.PaidOutNgwee));
        Assert.Equal((1, trade.SellerNetNgwee), (await fixture.Sandbox.PayoutLedgerAsync("mtn")).For(phone).Payments);
    }

    [Fact]
    public async Task Asking_for_a_payout_without_earnings_is_refused_clearly()
    {
        var (sellerId, sellerToken, _, _) = await SellerAsync(ApiClients.MtnPhone());
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Api.Wallets.RequestPayoutAsync(new RequestPayoutRequest { UserId = sellerId }, sellerToken));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("no earnings", error.Status.Detail);

        var other = await Api.TokenAsync(ApiClients.NewUserId("other"));
        var denied = await Assert.ThrowsAsync<RpcException>(async () =>
            await Api.Wallets.RequestPayoutAsync(new RequestPayoutRequest { UserId = sellerId }, other));
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    private async Task<(string SellerId, Metadata Token, string Phone, Offer Offer)> SellerAsync(string phone)
    {
        var sellerId = ApiClients.NewUserId("seller");
        await Api.CreditGenerationAsync(sellerId, 10_000);
        var token = await Api.TokenAsync(sellerId);
        await Api.LinkVerifiedPhoneAsync(sellerId, token, phone);
        var offer = await Api.CreateOfferAsync(token, 10_000, 2_000);
        return (sellerId, token, phone, offer);
    }

    private async Task<Trade> BuyAsync(Offer offer, long energyWh)
    {
        var (_, buyerToken, buyerPhone) = await Api.BuyerAsync(ApiClients.MtnPhone());
        var started = await Api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = buyerPhone, EnergyWh = energyWh }, buyerToken);
        var trade = await Api.WaitForFinalAsync(started.TradeId, buyerToken);
        Assert.Equal("completed", trade.Status);
        return trade;
    }
}
