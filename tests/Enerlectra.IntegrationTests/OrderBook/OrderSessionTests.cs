using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Grpc.Core;

namespace Enerlectra.IntegrationTests.OrderBook;

/// <summary>The bidirectional order session bots use, over real gRPC on Kestrel.</summary>
public sealed class OrderSessionTests(OrderBookFixture fixture) : IClassFixture<OrderBookFixture>
{
    private ApiClients Api => fixture.Api;

    [Fact]
    public async Task A_session_places_gets_filled_by_someone_else_replaces_cancels_and_mass_cancels()
    {
        var market = new Market(Api).Id;
        var (_, botToken) = await TraderAsync(market);
        var (_, takerToken) = await TraderAsync(market);
        await using var bot = new SessionClient(Api.Orders, botToken);
        await bot.StartAsync(market, cancelOnDisconnect: false);
        await bot.WaitForAsync(e => e.Type == "started", "started");

        await bot.PlaceAsync("ask-1", "sell", 2_000, 300);
        await bot.PlaceAsync("ask-2", "sell", 1_000, 310);
        await bot.PlaceAsync("bid-1", "buy", 1_000, 200);
        var ask1 = await bot.WaitForAsync(e => e.Type == "accepted" && e.ClientOrderId == "ask-1", "ask-1 accepted");
        await bot.WaitForAsync(e => e.Type == "accepted" && e.ClientOrderId == "bid-1", "bid-1 accepted");
        Assert.True(ask1.Sequence > 0);

        // Another user takes part of the resting ask: the bot learns it from its session.
        await Api.Orders.PlaceOrderAsync(new PlaceOrderRequest { MarketId = market, ClientOrderId = "t", Side = "buy", QuantityWh = 500, PriceNgweePerKwh = 300 }, takerToken);
        var partial = await bot.WaitForAsync(e => e.Type == "partially_filled" && e.ClientOrderId == "ask-1", "ask-1 partially filled");
        Assert.Equal((500L, 300L, "maker"), (partial.Fill.QuantityWh, partial.Fill.PriceNgweePerKwh, partial.Fill.Liquidity));
        Assert.Equal(1_500, partial.Order.RemainingWh);

        // A smaller quantity keeps its place; a new price takes it out and puts it back.
        await bot.SendAsync(new OrderSessionCommand { Tag = "shrink", Replace = new AmendOrderRequest { OrderId = ask1.Order.OrderId, QuantityWh = 1_000 } });
        var replaced = await bot.WaitForAsync(e => e.Type == "replaced" && e.Tag == "shrink", "the shrink answered");
        Assert.Equal(1_000, replaced.Order.RemainingWh);

        await bot.SendAsync(new OrderSessionCommand { Tag = "cxl", Cancel = new CancelOrderRequest { OrderId = ask1.Order.OrderId } });
        var cancelled = await bot.WaitForAsync(e => e.Type == "cancelled" && e.Tag == "cxl", "the cancel answered");
        Assert.Equal("requested", cancelled.Order.CancelReason);

        await bot.SendAsync(new OrderSessionCommand { Tag = "all", MassCancel = new CancelAllOrdersRequest() });
        var mass = await bot.WaitForAsync(e => e.Type == "mass_cancelled", "mass cancel answered");
        Assert.Equal(2, mass.Cancelled);
        Assert.Empty((await Api.Orders.ListOrdersAsync(new ListOrdersRequest { MarketId = market }, botToken)).Orders);

        // Each change was reported once, in sequence order.
        var events = await bot.CompleteAsync();
        var changes = events.Where(e => e.Sequence > 0).Select(e => (e.Sequence, e.Order.OrderId, e.Type)).ToList();
        Assert.Equal(changes.Distinct().Count(), changes.Count);
    }

    [Fact]
    public async Task Refusals_name_the_field_and_the_session_goes_on()
    {
        var market = new Market(Api).Id;
        var (_, token) = await TraderAsync(market);
        await using var bot = new SessionClient(Api.Orders, token);
        await bot.StartAsync(market, cancelOnDisconnect: false);

        await bot.PlaceAsync("bad-side", "sideways", 1_000, 100);
        await bot.PlaceAsync("too-big", "buy", 99_000_000, 100);
        await bot.PlaceAsync("dup", "buy", 1_000, 100);
        await bot.PlaceAsync("dup", "buy", 2_000, 100);
        await bot.SendAsync(new OrderSessionCommand { Tag = "ghost", Cancel = new CancelOrderRequest { OrderId = 987_654 } });
        await bot.SendAsync(new OrderSessionCommand { Tag = "late-start", Start = new SessionStart() });
        await bot.SendAsync(new OrderSessionCommand { Tag = "empty" });
        await bot.PlaceAsync("fine", "buy", 1_000, 100);

        Assert.Equal(("INVALID_ARGUMENT", "side"), Field(await bot.WaitForAsync(e => e.Type == "rejected" && e.Tag == "bad-side", "bad side")));
        Assert.Equal(("INVALID_ARGUMENT", "quantityWh"), Field(await bot.WaitForAsync(e => e.Type == "rejected" && e.Tag == "too-big", "too big")));
        Assert.Equal(("ALREADY_EXISTS", "clientOrderId"), Field(await bot.WaitForAsync(e => e.Type == "rejected" && e.Tag == "dup", "dup conflict")));
        Assert.Equal(("NOT_FOUND", "orderId"), Field(await bot.WaitForAsync(e => e.Type == "rejected" && e.Tag == "ghost", "ghost")));
        Assert.Equal("start", (await bot.WaitForAsync(e => e.Type == "rejected" && e.Tag == "late-start", "late start")).Field);
        Assert.Equal("command", (await bot.WaitForAsync(e => e.Type == "rejected" && e.Tag == "empty", "empty")).Field);
        await bot.WaitForAsync(e => e.Type == "accepted" && e.ClientOrderId == "fine", "the good order accepted");
        Assert.Equal(2, (await Api.Orders.ListOrdersAsync(new ListOrdersRequest { MarketId = market }, token)).Orders.Count);
    }

    [Fact]
    public async Task Cancel_on_disconnect_cancels_the_sessions_orders_when_it_ends_however_it_ends()
    {
        var market = new Market(Api).Id;
        var (_, token) = await TraderAsync(market);
        var kept = await Api.Orders.PlaceOrderAsync(new PlaceOrderRequest { MarketId = market, ClientOrderId = "manual", Side = "buy", QuantityWh = 1_000, PriceNgweePerKwh = 90 }, token);

        var bot = new SessionClient(Api.Orders, token);
        await bot.StartAsync(market, cancelOnDisconnect: true);
        await bot.PlaceAsync("q-1", "buy", 1_000, 95);
        await bot.PlaceAsync("q-2", "sell", 1_000, 400);
        await bot.WaitForAsync(e => e.Type == "accepted" && e.ClientOrderId == "q-2", "quotes accepted");

        // The connection drops without a goodbye.
        await bot.DisposeAsync();

        await Eventually.UntilAsync(
            async () => (await Api.Orders.ListOrdersAsync(new ListOrdersRequest { MarketId = market }, token)).Orders,
            open => open.Count == 1,
            "the session's orders to be cancelled");
        var all = await Api.Orders.ListOrdersAsync(new ListOrdersRequest { MarketId = market, Status = "all" }, token);
        Assert.Equal(kept.Order.OrderId, all.Orders.Single(o => o.Status == "open").OrderId);
        Assert.All(all.Orders.Where(o => o.ClientOrderId.StartsWith("q-", StringComparison.Ordinal)), o => Assert.Equal(("cancelled", "disconnected"), (o.Status, o.CancelReason)));
    }

    [Fact]
    public async Task A_session_without_cancel_on_disconnect_leaves_its_orders()
    {
        var market = new Market(Api).Id;
        var (_, token) = await TraderAsync(market);
        await using (var bot = new SessionClient(Api.Orders, token))
        {
            await bot.StartAsync(market, cancelOnDisconnect: false);
            await bot.PlaceAsync("stays", "buy", 1_000, 95);
            await bot.WaitForAsync(e => e.Type == "accepted", "accepted");
            await bot.CompleteAsync();
        }

        Assert.Single((await Api.Orders.ListOrdersAsync(new ListOrdersRequest { MarketId = market }, token)).Orders);
    }

    [Fact]
    public async Task A_session_needs_a_token()
    {
        await using var anonymous = new SessionClient(Api.Orders, []);
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => anonymous.WaitForAsync(_ => true, "anything"));
        var rpc = Assert.IsType<RpcException>(ex.InnerException ?? ex);
        Assert.Equal(StatusCode.Unauthenticated, rpc.StatusCode);
    }

    private static (string Code, string Field) Field(OrderSessionEvent e) => (e.Code, e.Field);

    private async Task<(string UserId, Metadata Token)> TraderAsync(string market)
    {
        var user = ApiClients.NewUserId("bot");
        await fixture.FundAsync(market, user);
        return (user, await Api.TokenAsync(user));
    }
}
