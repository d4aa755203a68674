using Enerlectra.Api.V1;
using Enerlectra.Testing;
using Enerlectra.WebApp.Tests.Support;
using Grpc.Core;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Enerlectra.WebApp.Tests;

/// <summary>The book's depth on the market page, live, and the app's event streams resuming after a dropped connection.</summary>
[Collection(WebCollection.Name)]
public sealed class LiveTests(WebWorld world, ITestOutputHelper output)
{
    private IBrowser Browser => world.Browsers.Browser;

    [Fact]
    public async Task A_bots_buy_and_sell_orders_show_as_book_depth_in_ZMW_and_kWh_and_changes_appear_live_on_a_phone()
    {
        var channel = world.Gateway.Channel;
        var orders = new OrderService.OrderServiceClient(channel);
        var bot = WebPages.NewUser("bot");
        var botAuth = await WebPages.AuthAsync(channel, bot);
        // Funded through the public API: metered energy moved into the market (for selling) and the ZMW 1.00 the
        // phone verification deposits (for buying).
        await MeteredGeneration.CreditAsync(channel, bot, 3_000);
        var wallets = new WalletService.WalletServiceClient(channel);
        await wallets.TransferEnergyAsync(new TransferEnergyRequest { UserId = bot, EnergyWh = 3_000, IdempotencyKey = "to-market" }, botAuth);
        await PhoneLinks.LinkVerifiedAsync(wallets, bot, botAuth, WebPages.MtnPhone("0000"));
        await Eventually.UntilAsync(
            async () => await wallets.GetWalletAsync(new GetWalletRequest { UserId = bot }, botAuth),
            w => w.TradingEnergyWh == 3_000 && w.BalanceNgwee >= 100, "the bot's energy and money in the market");

        // Prices no other test uses, far apart so they never trade.
        var buy = await orders.PlaceOrderAsync(new PlaceOrderRequest
        {
            MarketId = "default", ClientOrderId = "b-1", Side = "buy", QuantityWh = 400, PriceNgweePerKwh = 137,
        }, botAuth);
        await orders.PlaceOrderAsync(new PlaceOrderRequest
        {
            MarketId = "default", ClientOrderId = "s-1", Side = "sell", QuantityWh = 1_500, PriceNgweePerKwh = 9_731,
        }, botAuth);

        var page = await WebPages.SignInAsync(Browser, world.BaseUrl, WebPages.NewUser("watcher"), output, width: 360, height: 740);
        var bids = page.GetByTestId("book-buy");
        var asks = page.GetByTestId("book-sell");
        var bidLevel = bids.GetByTestId("book-level").Filter(new() { HasText = "ZMW 1.37" });
        var askLevel = asks.GetByTestId("book-level").Filter(new() { HasText = "ZMW 97.31" });
        await Expect(bidLevel.Locator("td").Nth(1)).ToHaveTextAsync("0.4 kWh");
        await Expect(askLevel.Locator("td").Nth(1)).ToHaveTextAsync("1.5 kWh");
        await Expect(page.GetByTestId("book")).Not.ToContainTextAsync("ngwee");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the market with the book is wider than 360 px");
        await Screens.SaveAsync(page, "12-phone-book-depth", output);

        // Live, without a reload: more on the ask level, and the bid cancelled.
        await orders.PlaceOrderAsync(new PlaceOrderRequest
        {
            MarketId = "default", ClientOrderId = "s-2", Side = "sell", QuantityWh = 500, PriceNgweePerKwh = 9_731,
        }, botAuth);
        await Expect(askLevel.Locator("td").Nth(1)).ToHaveTextAsync("2 kWh");
        await orders.CancelOrderAsync(new CancelOrderRequest { MarketId = "default", OrderId = buy.Order.OrderId }, botAuth);
        await Expect(bidLevel).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task After_a_dropped_connection_the_app_resumes_its_streams_and_shows_a_trade_made_meanwhile_exactly_once()
    {
        var channel = world.Gateway.Channel;
        var seller = WebPages.NewUser("seller");
        var buyer = WebPages.NewUser("buyer");
        var phone = WebPages.MtnPhone("0000"); // the sandbox approves
        var offer = await WebPages.OfferAsync(channel, seller, 3_000, 200);
        var buyerAuth = await WebPages.AuthAsync(channel, buyer);
        await PhoneLinks.LinkVerifiedAsync(new WalletService.WalletServiceClient(channel), buyer, buyerAuth, phone);

        // The browser reaches the gateway through a connection the test can cut.
        await using var link = new DroppableProxy(world.Gateway.HttpPort);
        var page = await WebPages.SignInAsync(Browser, link.BaseUrl, buyer, output);
        var state = page.Locator(".who [role=status]");
        await Expect(state).ToHaveTextAsync("Live");
        await Expect(WebPages.Offer(page, $"From {seller}")).ToContainTextAsync("3 kWh at ZMW 2.00 per kWh");

        // The connection drops: the open streams fail and the app says it is reconnecting.
        link.Drop();
        await Expect(state).ToHaveTextAsync("Reconnecting…");
        Assert.True(link.Dropped > 0);

        // Meanwhile the buyer's purchase (made with a bot token from elsewhere) completes.
        var trades = new TradeService.TradeServiceClient(channel);
        var started = await trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, BuyerId = buyer, EnergyWh = 2_000 }, buyerAuth);
        await Eventually.UntilAsync(
            async () => await trades.GetTradeAsync(new GetTradeRequest { TradeId = started.TradeId }, buyerAuth),
            t => t.Status == "completed", "the purchase to complete");
        await Expect(page.GetByTestId("toast")).ToHaveCountAsync(0);

        // Back online: the streams resume after the last event seen, so the trade arrives, once.
        link.Restore();
        await Expect(state).ToHaveTextAsync("Live", new() { Timeout = 30_000 });
        var toast = WebPages.Toast(page, "Purchased 2 kWh for ZMW 4.00 using mobile money");
        await Expect(toast).ToBeVisibleAsync();
        await Expect(WebPages.Offer(page, $"From {seller}")).ToContainTextAsync("1 kWh at ZMW 2.00 per kWh");
        await page.WaitForTimeoutAsync(2_000);
        await Expect(toast).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("toast")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Link, new() { Name = "My wallet" }).ClickAsync();
        await Expect(page.GetByTestId("history").Locator("li").Filter(new() { HasText = "Purchased 2 kWh for ZMW 4.00" })).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }
}
