using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;

namespace Enerlectra.IntegrationTests;

/// <summary>Whole trades over native gRPC (HTTP/2) against the MTN sandbox, one payer scenario per test.</summary>
public sealed class GrpcTradeTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private ApiClients Api => fixture.Api;

    [Fact]
    public async Task Approved_trade_completes_settles_both_wallets_and_is_streamed()
    {
        var market = new Market(Api);
        var (marketStream, probeSequence) = await market.OpenLiveStreamAsync();
        await using var _ = marketStream;

        var (sellerId, sellerToken, offer) = await market.SellerWithOfferAsync(generatedWh: 10_000, offerWh: 6_000, pricePerKwh: 2_000);
        var (buyerId, buyerToken, phone) = await Api.BuyerAsync(ApiClients.MtnPhone());
        // after_sequence = the probe: everything involving the buyer from then on is replayed or streamed live.
        await using var userStream = new EventCollector(ct => Api.Events.StreamUserEvents(
            new StreamUserEventsRequest { UserId = buyerId, MarketId = market.Id, AfterSequence = probeSequence }, buyerToken, cancellationToken: ct));

        var started = await Api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest
        {
            OfferId = offer.OfferId, BuyerId = buyerId, PhoneNumber = phone, PaymentMethod = "hybrid", EnergyWh = 4_000,
        }, buyerToken);
        Assert.Equal("payment_pending", started.Status);
        Assert.Equal("mobile_money", started.PaymentMethod);
        Assert.Equal("mtn", started.Network);

        var trade = await Api.WaitForFinalAsync(started.TradeId, buyerToken);
        Assert.Equal("completed", trade.Status);
        Assert.Equal("successful", trade.PaymentStatus);
        Assert.Equal(8_000, trade.AmountNgwee);                                  // 4 kWh at 2,000 ngwee
        Assert.Equal(20, trade.FeeNgwee);                                        // 25 bps of 8,000: exactly 20 ngwee
        Assert.Equal(trade.AmountNgwee - trade.FeeNgwee, trade.SellerNetNgwee);
        Assert.False(string.IsNullOrEmpty(trade.ProviderTransactionId));

        var seller = await Api.WalletAsync(sellerId, sellerToken);
        Assert.Equal(7_980, seller.EarningsNgwee);
        Assert.Equal(10_000, seller.GeneratedWh);
        Assert.Equal(4_000, seller.AvailableWh);
        Assert.Equal(2_000, seller.ReservedWh);                                  // the unsold rest of the offer
        var buyer = await Api.WalletAsync(buyerId, buyerToken);
        Assert.Equal(4_000, buyer.BoughtWh);
        Assert.Equal(8_000, buyer.SpentNgwee);

        var after = await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId });
        Assert.Equal((2_000L, 0L, 4_000L, "partially_filled"), (after.RemainingWh, after.PendingWh, after.SoldWh, after.Status));
        Assert.Equal(1, await fixture.Sandbox.ChargesForAsync(phone));

        await marketStream.WaitForAsync(e => e.Type == "offer-created" && e.OfferId == offer.OfferId, "offer-created");
        await marketStream.WaitForAsync(e => e.Type == "offer-updated" && e.OfferId == offer.OfferId, "offer-updated");
        var completed = await marketStream.WaitForAsync(e => e.Type == "trade-completed" && e.TradeId == trade.TradeId, "trade-completed");
        Assert.Equal((4_000L, 8_000L), (completed.EnergyWh, completed.AmountNgwee));
        // Payment progress is private: never on the public stream, always on the buyer's own.
        Assert.DoesNotContain(marketStream.Events, e => e.Type == "payment-status");
        await userStream.WaitForAsync(e => e.Type == "payment-status" && e.TradeId == trade.TradeId, "a payment-status event for the buyer");
        await userStream.WaitForAsync(e => e.Type == "trade-completed" && e.TradeId == trade.TradeId, "trade-completed on the buyer's stream");
        Assert.All(userStream.Events, e => Assert.True(e.BuyerId == buyerId || e.SellerId == buyerId, $"{e.Type} for someone else"));
    }

    [Theory]
    [InlineData("0001", "declined")]        // APPROVAL_REJECTED
    [InlineData("0002", "in time")]         // EXPIRED
    [InlineData("0008", "balance")]         // NOT_ENOUGH_FUNDS
    public async Task Failed_payment_fails_the_trade_with_a_readable_reason_and_returns_the_energy(string ending, string reasonWords)
    {
        var market = new Market(Api);
        var (sellerId, sellerToken, offer) = await market.SellerWithOfferAsync(10_000, 5_000, 1_500);
        var (buyerId, buyerToken, phone) = await Api.BuyerAsync(ApiClients.MtnPhone(ending));

        var started = await Api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = phone, PaymentMethod = "hybrid", EnergyWh = 3_000 }, buyerToken);
        Assert.Equal(3_000, started.EnergyWh);
        var trade = await Api.WaitForFinalAsync(started.TradeId, buyerToken);
        Assert.Equal("failed", trade.Status);
        Assert.Equal("failed", trade.PaymentStatus);
        Assert.Contains(reasonWords, trade.FailureReason, StringComparison.OrdinalIgnoreCase);

        var back = await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId });
        Assert.Equal((5_000L, 0L, 0L, "open"), (back.RemainingWh, back.PendingWh, back.SoldWh, back.Status));
        var seller = await Api.WalletAsync(sellerId, sellerToken);
        Assert.Equal((0L, 5_000L), (seller.EarningsNgwee, seller.ReservedWh));
        var buyer = await Api.WalletAsync(buyerId, buyerToken);
        Assert.Equal((0L, 0L), (buyer.BoughtWh, buyer.SpentNgwee));
        Assert.Equal(0, await fixture.Sandbox.ChargesForAsync(phone));
    }

    [Theory]
    [InlineData("0006")]    // the callback arrives twice
    [InlineData("0007")]    // no callback at all: only polling can find the outcome
    [InlineData("0005")]    // 503 twice before the request is accepted
    [InlineData("0003")]    // the first request is lost by the provider
    public async Task Unreliable_provider_still_completes_the_trade_exactly_once(string ending)
    {
        var market = new Market(Api);
        var (sellerId, sellerToken, offer) = await market.SellerWithOfferAsync(10_000, 5_000, 1_200);
        // No phone_number: the trade pays from the wallet's verified phone.
        var (buyerId, buyerToken, phone) = await Api.BuyerAsync(ApiClients.MtnPhone(ending));

        var started = await Api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, PaymentMethod = "hybrid" }, buyerToken);
        Assert.Equal(phone, started.PayerPhone);
        var trade = await Api.WaitForFinalAsync(started.TradeId, buyerToken);
        Assert.Equal("completed", trade.Status);
        Assert.Equal(6_000, trade.AmountNgwee);     // everything that remained: 5 kWh at 1,200

        var tx = await fixture.Sandbox.TransactionAsync(trade.TradeId);
        if (ending == "0006")
        {
            // Both callbacks delivered, and the second one must not have settled the trade again.
            await Eventually.UntilAsync(
                async () => (await fixture.Sandbox.TransactionAsync(trade.TradeId)).GetProperty("transaction").GetProperty("callbacksDelivered").GetInt32() >= 2,
                "the duplicate callback to be delivered");
            Assert.Equal("completed", (await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = trade.TradeId }, buyerToken)).Status);
        }
        else if (ending == "0007")
        {
            Assert.Equal(0, tx.GetProperty("transaction").GetProperty("callbacksDelivered").GetInt32());
        }

        Assert.Equal(1, tx.GetProperty("transaction").GetProperty("chargeCount").GetInt32());
        Assert.Equal(1, await fixture.Sandbox.ChargesForAsync(phone));
        var seller = await Api.WalletAsync(sellerId, sellerToken);
        Assert.Equal(trade.SellerNetNgwee, seller.EarningsNgwee);
        var buyer = await Api.WalletAsync(buyerId, buyerToken);
        Assert.Equal((5_000L, 6_000L), (buyer.BoughtWh, buyer.SpentNgwee));
        var sold = await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId });
        Assert.Equal(("filled", 5_000L), (sold.Status, sold.SoldWh));
    }
}
