using Enerlectra.Api.V1;
using Enerlectra.MarketMaker;
using Enerlectra.Testing;
using Grpc.Core;
using Xunit.Abstractions;

namespace Enerlectra.Samples.Tests;

/// <summary>
/// The sample market maker against the real gateway (Kestrel, co-hosted silo, the mobile money sandbox over HTTP),
/// funded the way <c>--fund</c> funds it, with another user trading against it through the public API.
/// </summary>
public sealed class MarketMakerEndToEndTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    private TestGateway Gateway => fixture.Gateway;

    [Fact]
    public async Task The_bot_quotes_both_sides_re_quotes_the_side_a_taker_filled_and_cancels_everything_when_stopped()
    {
        var options = new MarketMakerOptions
        {
            Server = $"http://127.0.0.1:{Gateway.GrpcPort}",
            DevUser = "mm-e2e",
            Market = "default",
            MidNgweePerKwh = 250,
            SpreadBasisPoints = 200,
            LevelStepBasisPoints = 100,
            Levels = 2,
            QuoteSizeWh = 1_000,
            SkewBasisPointsPerKwh = 100,
            Requote = "filled-side",
            FundNgwee = 50_000,
            FundWh = 10_000,
            FundPhone = "+260961115555",
            ReconnectMinDelay = TimeSpan.FromMilliseconds(200),
        };
        var makerLog = new TestOutputLogger(output, "maker");
        var funded = await new AccountFunding(Gateway.Channel, makerLog).FundAsync("mm-e2e", options, CancellationToken.None);
        // ZMW 1.00 came with the phone verification, the deposit made up the rest; the energy was metered and moved in.
        Assert.Equal((50_000L, 10_000L, "+260961115555"), (funded.BalanceNgwee, funded.TradingEnergyWh, funded.PhoneNumber));

        var tokens = new DevTokens(new AuthService.AuthServiceClient(Gateway.Channel));
        var maker = new MarketMaker.MarketMaker(
            new OrderService.OrderServiceClient(Gateway.Channel), ct => tokens.IssueAsync("mm-e2e", ct), options, makerLog, runId: "e2e");
        using var stop = new CancellationTokenSource();
        var running = maker.RunAsync(stop.Token);
        try
        {
            await TradeAgainstTheBotAsync(maker, tokens);
        }
        finally
        {
            // Stopping cancels every quote (a mass cancel, answered before the bot returns) and ends the session.
            await stop.CancelAsync();
            await running;
        }

        var marketData = new MarketDataService.MarketDataServiceClient(Gateway.Channel);
        var book = await marketData.GetBookAsync(new GetBookRequest { MarketId = "default" });
        Assert.Empty(book.Bids);
        Assert.Empty(book.Asks);
        var orders = new OrderService.OrderServiceClient(Gateway.Channel);
        var all = (await orders.ListOrdersAsync(new ListOrdersRequest { Status = "all" }, await tokens.HeadersAsync("mm-e2e", CancellationToken.None))).Orders;
        Assert.Equal(["filled"], all.Where(o => o.ClientOrderId == "e2e-s0-1").Select(o => o.Status));
        Assert.All(all.Where(o => o.ClientOrderId != "e2e-s0-1"), o => Assert.Equal(("cancelled", "requested"), (o.Status, o.CancelReason)));
    }

    private async Task TradeAgainstTheBotAsync(MarketMaker.MarketMaker maker, DevTokens tokens)
    {
        // Both sides quoted: 250 ∓ 1% and 2%.
        var marketData = new MarketDataService.MarketDataServiceClient(Gateway.Channel);
        await BookAsync(marketData, [(247, 1_000), (245, 1_000)], [(253, 1_000), (255, 1_000)], "the first quotes");

        // A taker buys the whole best ask.
        var taker = new MarketMakerOptions { DevUser = "taker-e2e", FundNgwee = 10_000, FundWh = 0, FundPhone = "+260961125555" };
        await new AccountFunding(Gateway.Channel, new TestOutputLogger(output, "taker")).FundAsync("taker-e2e", taker, CancellationToken.None);
        var orders = new OrderService.OrderServiceClient(Gateway.Channel);
        var take = await orders.PlaceOrderAsync(
            new PlaceOrderRequest { ClientOrderId = "take-1", Side = "buy", QuantityWh = 1_000, PriceNgweePerKwh = 253, TimeInForce = "ioc" },
            await tokens.HeadersAsync("taker-e2e", CancellationToken.None));
        Assert.Equal([(1_000L, 253L, "taker")], take.Fills.Select(f => (f.QuantityWh, f.PriceNgweePerKwh, f.Liquidity)));

        // The ask side is quoted again around the mid skewed by the 1 kWh short position (+1%: 252.5 → 253), so at
        // 256 and 259; the bids were not touched.
        await BookAsync(marketData, [(247, 1_000), (245, 1_000)], [(256, 1_000), (259, 1_000)], "the asks re-quoted");
        Assert.Equal(-1_000, maker.InventoryWh);
        var makerToken = await tokens.HeadersAsync("mm-e2e", CancellationToken.None);
        var open = (await orders.ListOrdersAsync(new ListOrdersRequest(), makerToken)).Orders;
        // The filled best ask was replaced by a new order, the second ask amended in place; the bids are the originals.
        Assert.Equal(
            ["e2e-b0-1", "e2e-b1-1", "e2e-s0-2", "e2e-s1-1"],
            open.Select(o => o.ClientOrderId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_partial_fill_is_topped_up_in_place_and_both_sides_follow_the_skew()
    {
        var market = fixture.Markets.Take();
        var options = new MarketMakerOptions
        {
            Server = $"http://127.0.0.1:{Gateway.GrpcPort}",
            DevUser = "mm-both",
            Market = market,
            MidNgweePerKwh = 250,
            SpreadBasisPoints = 200,
            Levels = 1,
            QuoteSizeWh = 2_000,
            SkewBasisPointsPerKwh = 100,
            Requote = "both-sides",
            FundNgwee = 20_000,
            FundWh = 5_000,
            FundPhone = "+260961135555",
        };
        var log = new TestOutputLogger(output, "maker");
        await new AccountFunding(Gateway.Channel, log).FundAsync("mm-both", options, CancellationToken.None);
        var tokens = new DevTokens(new AuthService.AuthServiceClient(Gateway.Channel));
        var maker = new MarketMaker.MarketMaker(
            new OrderService.OrderServiceClient(Gateway.Channel), ct => tokens.IssueAsync("mm-both", ct), options, log, runId: "both");
        using var stop = new CancellationTokenSource();
        var running = maker.RunAsync(stop.Token);
        var marketData = new MarketDataService.MarketDataServiceClient(Gateway.Channel);
        var orders = new OrderService.OrderServiceClient(Gateway.Channel);
        try
        {
            await BookAsync(marketData, [(247, 2_000)], [(253, 2_000)], "the first quotes", market);

            var taker = new MarketMakerOptions { DevUser = "taker-both", Market = market, FundNgwee = 5_000, FundWh = 0, FundPhone = "+260961145555" };
            await new AccountFunding(Gateway.Channel, new TestOutputLogger(output, "taker")).FundAsync("taker-both", taker, CancellationToken.None);
            var take = await orders.PlaceOrderAsync(
                new PlaceOrderRequest { MarketId = market, ClientOrderId = "take-1", Side = "buy", QuantityWh = 500, PriceNgweePerKwh = 253, TimeInForce = "ioc" },
                await tokens.HeadersAsync("taker-both", CancellationToken.None));
            Assert.Equal(500, take.Order.FilledWh);

            // 0.5 kWh short: the mid is 0.5% higher (251.25 → 251), so the bid is 248 and the ask 254, the ask back
            // at its full size: both by amending the resting orders, whose client order ids stay.
            await BookAsync(marketData, [(248, 2_000)], [(254, 2_000)], "both sides re-quoted", market);
            var open = (await orders.ListOrdersAsync(new ListOrdersRequest { MarketId = market }, await tokens.HeadersAsync("mm-both", CancellationToken.None))).Orders;
            Assert.Equal(["both-b0-1", "both-s0-1"], open.Select(o => o.ClientOrderId).Order(StringComparer.Ordinal));
            Assert.Equal(500, open.Single(o => o.Side == "sell").FilledWh);
            Assert.Equal(-500, maker.InventoryWh);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }

        var book = await marketData.GetBookAsync(new GetBookRequest { MarketId = market });
        Assert.Empty(book.Bids.Concat(book.Asks));
    }

    private static Task<Book> BookAsync(
        MarketDataService.MarketDataServiceClient marketData, (long Price, long Wh)[] bids, (long Price, long Wh)[] asks, string what,
        string market = "default") =>
        Eventually.UntilAsync(
            async () => await marketData.GetBookAsync(new GetBookRequest { MarketId = market }),
            book => book.Bids.Select(l => (l.PriceNgweePerKwh, l.QuantityWh)).SequenceEqual(bids)
                    && book.Asks.Select(l => (l.PriceNgweePerKwh, l.QuantityWh)).SequenceEqual(asks),
            what);
}
