using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;

namespace Enerlectra.IntegrationTests.OrderBook;

/// <summary>
/// One market, not two: a household offer made through the offer routes is a resting sell order of its market's book.
/// A household buys it directly by mobile money, a bot's buy order trades with it on the book, the seller cancels the
/// rest; over real gRPC on the real gateway with its sandbox, with the ledger check after.
/// </summary>
public sealed class OffersOnTheBookTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private ApiClients Api => fixture.Api;

    [Fact]
    public async Task A_household_offer_is_bought_directly_and_by_a_bot_order_on_the_same_book()
    {
        var market = new Market(Api);
        var sellerId = ApiClients.NewUserId("seller");
        await Api.CreditGenerationAsync(sellerId, 10_000);
        var sellerToken = await Api.TokenAsync(sellerId);
        var offer = await Api.CreateOfferAsync(sellerToken, 6_000, 1_500, market.Id);
        Assert.Equal(("open", 6_000L), (offer.Status, offer.RemainingWh));

        // The offer is the book's ask; the seller still sees all their energy, 6 kWh of it held by the offer.
        var book = await Api.MarketData.GetBookAsync(new GetBookRequest { MarketId = market.Id, Depth = 5 });
        Assert.Equal((1_500L, 6_000L, 1), (book.Asks.Single().PriceNgweePerKwh, book.Asks.Single().QuantityWh, book.Asks.Single().Orders));
        var seller = await Api.WalletAsync(sellerId, sellerToken);
        Assert.Equal((4_000L, 6_000L), (seller.AvailableWh, seller.ReservedWh));

        // A household buys 2 kWh directly, paying by MTN: the energy leaves the book while the payment is open, and
        // on success goes to the buyer's wallet; the seller is paid net of the fee as always.
        var (buyerId, buyerToken, phone) = await Api.BuyerAsync(ApiClients.MtnPhone());
        var started = await Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, BuyerId = buyerId, PhoneNumber = phone, PaymentMethod = "hybrid", EnergyWh = 2_000 }, buyerToken);
        var trade = await Api.WaitForFinalAsync(started.TradeId, buyerToken);
        Assert.Equal(("completed", 3_000L, 8L), (trade.Status, trade.AmountNgwee, trade.FeeNgwee));
        Assert.Equal(2_000, (await Api.WalletAsync(buyerId, buyerToken)).BoughtWh);
        Assert.Equal(2_992, (await Api.WalletAsync(sellerId, sellerToken)).EarningsNgwee);
        book = await Api.MarketData.GetBookAsync(new GetBookRequest { MarketId = market.Id, Depth = 5 });
        Assert.Equal(4_000, book.Asks.Single().QuantityWh);

        // A bot with money in this market bids above the offer: it trades at the offer's price, on arrival.
        var (botId, botToken, _) = await Api.BuyerAsync(ApiClients.AirtelPhone());
        var deposit = await Api.Wallets.DepositAsync(new DepositRequest { UserId = botId, AmountNgwee = 10_000, IdempotencyKey = "d-1", MarketId = market.Id }, botToken);
        await Eventually.UntilAsync(
            async () => await Api.Wallets.GetDepositAsync(new GetDepositRequest { UserId = botId, DepositId = deposit.DepositId }, botToken),
            d => d.Status == "completed", "the bot's deposit to complete");
        var bid = await Api.Orders.PlaceOrderAsync(new PlaceOrderRequest
        {
            MarketId = market.Id, ClientOrderId = "b-1", Side = "buy", QuantityWh = 3_000, PriceNgweePerKwh = 1_600,
        }, botToken);
        Assert.Equal(("filled", 3_000L, 1_500L), (bid.Order.Status, bid.Fills.Sum(f => f.QuantityWh), bid.Fills.Single().PriceNgweePerKwh));
        Assert.Equal(4_500, bid.Fills.Single().AmountNgwee);

        var partly = await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId }, sellerToken);
        Assert.Equal(("partially_filled", 1_000L, 5_000L, 0L), (partly.Status, partly.RemainingWh, partly.SoldWh, partly.PendingWh));

        // The seller cancels the rest: it stays theirs, ready for the next offer, and the book is empty again.
        var cancelled = await Api.Offers.CancelOfferAsync(new CancelOfferRequest { OfferId = offer.OfferId }, sellerToken);
        Assert.Equal(("cancelled", 0L), (cancelled.Status, cancelled.RemainingWh));
        Assert.Empty((await Api.MarketData.GetBookAsync(new GetBookRequest { MarketId = market.Id, Depth = 5 })).Asks);
        seller = await Api.WalletAsync(sellerId, sellerToken);
        Assert.Equal((5_000L, 0L), (seller.AvailableWh, seller.ReservedWh));
        var listed = await Api.Offers.ListOffersAsync(new ListOffersRequest { MarketId = market.Id }, sellerToken);
        Assert.DoesNotContain(listed.Offers, o => o.OfferId == offer.OfferId);

        // The market's books balance: the household purchase left as energy delivered to a wallet, the bot's trade in
        // the trading accounts (the seller's proceeds of it, 4,500 less the 12 ngwee fee, are in that account).
        var operatorToken = await Api.TokenAsync(ApiClients.NewUserId("ops"), "operator");
        var check = await Api.Operator.GetLedgerAsync(new GetLedgerRequest { MarketId = market.Id }, operatorToken);
        Assert.True(check.Balanced, string.Join("; ", check.Differences));
        Assert.Equal(new[] { ("energy", 0L), ("money", 0L) }, check.Totals.Select(t => (t.Asset, t.Total)));
    }
}
