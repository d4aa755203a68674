using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Grpc.Core;

namespace Enerlectra.IntegrationTests.OrderBook;

/// <summary>Limit orders one request at a time, over gRPC and JSON, on the real gateway.</summary>
public sealed class OrderApiTests(OrderBookFixture fixture) : IClassFixture<OrderBookFixture>
{
    private ApiClients Api => fixture.Api;

    [Fact]
    public async Task A_buy_order_trades_with_the_best_resting_sell_at_its_price_and_both_sides_see_it()
    {
        var market = new Market(Api).Id;
        var (seller, sellerToken) = await TraderAsync(market);
        var (buyer, buyerToken) = await TraderAsync(market);
        var sell = await Place(sellerToken, market, "s-1", "sell", 3_000, 250);
        var cheaper = await Place(sellerToken, market, "s-2", "sell", 1_000, 240);
        Assert.Equal("open", sell.Order.Status);

        var buy = await Place(buyerToken, market, "b-1", "buy", 2_500, 260);

        Assert.Equal("filled", buy.Order.Status);
        Assert.Equal([(240L, 1_000L, "taker"), (250L, 1_500L, "taker")], buy.Fills.Select(f => (f.PriceNgweePerKwh, f.QuantityWh, f.Liquidity)));
        Assert.Equal(240 + 375, buy.Fills.Sum(f => f.AmountNgwee)); // 1 kWh at 2.40 + 1.5 kWh at 2.50, in ngwee
        var open = await Api.Orders.ListOrdersAsync(new ListOrdersRequest { MarketId = market }, sellerToken);
        var rest = Assert.Single(open.Orders);
        Assert.Equal((sell.Order.OrderId, "partially_filled", 1_500L, 1_500L), (rest.OrderId, rest.Status, rest.RemainingWh, rest.FilledWh));

        var book = await Api.MarketData.GetBookAsync(new GetBookRequest { MarketId = market });
        var ask = Assert.Single(book.Asks);
        Assert.Equal((250L, 1_500L, 1), (ask.PriceNgweePerKwh, ask.QuantityWh, ask.Orders));
        Assert.Empty(book.Bids);
        Assert.Equal(250, book.LastTradePriceNgweePerKwh);
        var tape = await Api.MarketData.ListTradesAsync(new ListTradesRequest { MarketId = market });
        Assert.Equal([250L, 240L], tape.Trades.Select(t => t.PriceNgweePerKwh));
        Assert.All(tape.Trades, t => Assert.Equal("buy", t.TakerSide));
        Assert.DoesNotContain(seller, tape.ToString());
        Assert.DoesNotContain(buyer, tape.ToString());
    }

    [Fact]
    public async Task The_same_client_order_id_is_the_same_order_and_other_terms_are_refused()
    {
        var market = new Market(Api).Id;
        var (_, token) = await TraderAsync(market);
        var first = await Place(token, market, "mine", "buy", 1_000, 100);
        var again = await Place(token, market, "mine", "buy", 1_000, 100);

        Assert.True(again.Replayed);
        Assert.Equal(first.Order.OrderId, again.Order.OrderId);
        var conflict = await Assert.ThrowsAsync<RpcException>(() => Place(token, market, "mine", "buy", 2_000, 100));
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
        Assert.Equal("clientOrderId", conflict.Trailers.GetValue("field"));
        Assert.Single((await Api.Orders.ListOrdersAsync(new ListOrdersRequest { MarketId = market }, token)).Orders);
    }

    [Theory]
    [InlineData("sideways", 1_000, 100, "gtc", "", "side")]
    [InlineData("buy", 0, 100, "gtc", "", "quantityWh")]
    [InlineData("buy", 1_000, 0, "gtc", "", "priceNgweePerKwh")]
    [InlineData("buy", 1_000, 100_001, "gtc", "", "priceNgweePerKwh")]
    [InlineData("buy", 1_000, 100, "day", "", "timeInForce")]
    [InlineData("buy", 1_000, 100, "gtc", "cancel_nobody", "selfTradePrevention")]
    [InlineData("buy", long.MaxValue, 100_000, "gtc", "", "quantityWh")]
    public async Task Bad_orders_are_refused_naming_the_field_and_change_nothing(string side, long wh, long price, string tif, string stp, string field)
    {
        var market = new Market(Api).Id;
        var (user, token) = await TraderAsync(market);
        var before = await Api.Orders.ListOrdersAsync(new ListOrdersRequest { MarketId = market, Status = "all" }, token);

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await Api.Orders.PlaceOrderAsync(new PlaceOrderRequest
        {
            MarketId = market, ClientOrderId = "bad", Side = side, QuantityWh = wh, PriceNgweePerKwh = price, TimeInForce = tif, SelfTradePrevention = stp,
        }, token));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(field, ex.Trailers.GetValue("field"));
        Assert.Equal(before, await Api.Orders.ListOrdersAsync(new ListOrdersRequest { MarketId = market, Status = "all" }, token));
        Assert.DoesNotContain(user, (await Api.MarketData.GetBookAsync(new GetBookRequest { MarketId = market })).ToString());
    }

    [Fact]
    public async Task Over_json_an_order_is_placed_listed_amended_and_cancelled_by_its_routes()
    {
        var market = new Market(Api).Id;
        var (_, token) = await TraderAsync(market);
        using var http = Json(token);

        var placed = await ReadAsync(await http.PostAsJsonAsync("/api/orders", new
        {
            marketId = market, clientOrderId = "j-1", side = "buy", quantityWh = 2_000, priceNgweePerKwh = 150,
        }));
        var orderId = placed.GetProperty("order").GetProperty("orderId").GetInt64();
        Assert.Equal("open", placed.GetProperty("order").GetProperty("status").GetString());

        var amended = await ReadAsync(await http.PatchAsJsonAsync($"/api/orders/{orderId}", new { marketId = market, quantityWh = 1_500 }));
        Assert.Equal(1_500, amended.GetProperty("order").GetProperty("remainingWh").GetInt64());

        var listed = await ReadAsync(await http.GetAsync($"/api/orders?marketId={market}&status=open"));
        Assert.Equal(orderId, listed.GetProperty("orders")[0].GetProperty("orderId").GetInt64());

        var cancelled = await ReadAsync(await http.DeleteAsync($"/api/orders/{orderId}?marketId={market}"));
        Assert.Equal("cancelled", cancelled.GetProperty("order").GetProperty("status").GetString());

        var book = await ReadAsync(await Json(null).GetAsync($"/api/markets/{market}/book?depth=5"));
        Assert.Equal(0, book.GetProperty("bids").GetArrayLength());

        using var bad = await http.PostAsJsonAsync("/api/orders", new { marketId = market, clientOrderId = "j-2", side = "buy", quantityWh = "lots", priceNgweePerKwh = 150 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("quantityWh", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Mass_cancel_cancels_every_open_order_of_the_caller_and_nobody_elses()
    {
        var market = new Market(Api).Id;
        var (_, mine) = await TraderAsync(market);
        var (_, theirs) = await TraderAsync(market);
        for (var i = 0; i < 3; i++)
        {
            await Place(mine, market, $"m-{i}", "buy", 1_000, 100 + i);
        }

        await Place(theirs, market, "t-1", "buy", 1_000, 100);

        var cancelled = await Api.Orders.CancelAllOrdersAsync(new CancelAllOrdersRequest { MarketId = market }, mine);

        Assert.Equal(3, cancelled.Orders.Count);
        Assert.All(cancelled.Orders, o => Assert.Equal("cancelled", o.Status));
        Assert.Empty((await Api.Orders.ListOrdersAsync(new ListOrdersRequest { MarketId = market }, mine)).Orders);
        Assert.Single((await Api.Orders.ListOrdersAsync(new ListOrdersRequest { MarketId = market }, theirs)).Orders);
    }

    [Fact]
    public async Task Nobody_cancels_amends_or_sees_another_users_order()
    {
        var market = new Market(Api).Id;
        var (_, owner) = await TraderAsync(market);
        var (_, other) = await TraderAsync(market);
        var order = await Place(owner, market, "o-1", "sell", 1_000, 300);

        var cancel = await Assert.ThrowsAsync<RpcException>(async () =>
            await Api.Orders.CancelOrderAsync(new CancelOrderRequest { MarketId = market, OrderId = order.Order.OrderId }, other));
        var amend = await Assert.ThrowsAsync<RpcException>(async () =>
            await Api.Orders.AmendOrderAsync(new AmendOrderRequest { MarketId = market, OrderId = order.Order.OrderId, QuantityWh = 1 }, other));

        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound), (cancel.StatusCode, amend.StatusCode));
        Assert.Empty((await Api.Orders.ListOrdersAsync(new ListOrdersRequest { MarketId = market, Status = "all" }, other)).Orders);
        Assert.Equal("open", (await Api.Orders.ListOrdersAsync(new ListOrdersRequest { MarketId = market }, owner)).Orders.Single().Status);
    }

    [Fact]
    public async Task Self_trade_prevention_cancels_as_asked()
    {
        var market = new Market(Api).Id;
        var (_, token) = await TraderAsync(market);
        var resting = await Place(token, market, "r", "sell", 1_000, 200);

        var incoming = await Api.Orders.PlaceOrderAsync(new PlaceOrderRequest
        {
            MarketId = market, ClientOrderId = "i", Side = "buy", QuantityWh = 1_000, PriceNgweePerKwh = 200, SelfTradePrevention = "cancel_incoming",
        }, token);

        Assert.Empty(incoming.Fills);
        Assert.Equal(("cancelled", "self_trade"), (incoming.Order.Status, incoming.Order.CancelReason));
        Assert.Equal(resting.Order.OrderId, (await Api.Orders.ListOrdersAsync(new ListOrdersRequest { MarketId = market }, token)).Orders.Single().OrderId);
    }

    [Fact]
    public async Task Limits_refuse_with_resource_exhausted_and_a_price_band()
    {
        var market = new Market(Api).Id;
        var (_, token) = await TraderAsync(market);
        for (var i = 0; i < OrderBookFixture.MaxOpenOrders; i++)
        {
            await Place(token, market, $"l-{i}", "buy", 1_000, 50);
        }

        var tooMany = await Assert.ThrowsAsync<RpcException>(() => Place(token, market, "one-more", "buy", 1_000, 50));
        Assert.Equal(StatusCode.ResourceExhausted, tooMany.StatusCode);

        // After a trade at 200, a price far from it is a fat finger.
        var (_, seller) = await TraderAsync(market);
        await Place(seller, market, "s", "sell", 1_000, 200);
        var (_, buyer) = await TraderAsync(market);
        await Place(buyer, market, "b", "buy", 1_000, 200);
        var fat = await Assert.ThrowsAsync<RpcException>(() => Place(seller, market, "fat", "sell", 1_000, 20));
        Assert.Equal((StatusCode.InvalidArgument, "priceNgweePerKwh"), (fat.StatusCode, fat.Trailers.GetValue("field")));
        Assert.Contains("160 to 240", fat.Status.Detail);
    }

    [Fact]
    public async Task Orders_need_a_token_and_an_existing_market()
    {
        var anonymous = await Assert.ThrowsAsync<RpcException>(async () => await Api.Orders.PlaceOrderAsync(new PlaceOrderRequest
        {
            ClientOrderId = "a", Side = "buy", QuantityWh = 1_000, PriceNgweePerKwh = 100,
        }));
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);

        var token = await Api.TokenAsync(ApiClients.NewUserId("bot"));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Place(token, "no-such-market", "a", "buy", 1_000, 100));
        Assert.Equal((StatusCode.NotFound, "marketId"), (unknown.StatusCode, unknown.Trailers.GetValue("field")));
    }

    private async Task<(string UserId, Metadata Token)> TraderAsync(string market)
    {
        var user = ApiClients.NewUserId("bot");
        await fixture.FundAsync(market, user);
        return (user, await Api.TokenAsync(user));
    }

    private async Task<OrderResult> Place(Metadata token, string market, string clientOrderId, string side, long wh, long price) =>
        await Api.Orders.PlaceOrderAsync(new PlaceOrderRequest
        {
            MarketId = market, ClientOrderId = clientOrderId, Side = side, QuantityWh = wh, PriceNgweePerKwh = price,
        }, token);

    private HttpClient Json(Metadata? token)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.Host.HttpPort}") };
        if (token?.GetValue("authorization") is { } bearer)
        {
            http.DefaultRequestHeaders.Add("Authorization", bearer);
        }

        return http;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}
