using System.Net;
using System.Text.Json;
using Enerlectra.Api.V1;
using Enerlectra.Exchange.Grains;
using Enerlectra.IntegrationTests.OrderBook;
using Enerlectra.IntegrationTests.Support;
using Enerlectra.IntegrationTests.WebSessions;
using Microsoft.Extensions.DependencyInjection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Enerlectra.IntegrationTests.RateLimits;

/// <summary>
/// Request budgets over real HTTP and gRPC, on a gateway configured with tiny budgets that do not refill within a test,
/// so how many requests get through is an exact count: over a budget the answer is 429 with Retry-After (gRPC:
/// RESOURCE_EXHAUSTED with retry-after) and nothing is done. Each test is a fresh user; per-address budgets are tested
/// from an address of their own (another loopback address).
/// </summary>
public sealed class RateLimitTests(RateLimitTests.Fixture fixture) : IClassFixture<RateLimitTests.Fixture>
{
    private const int UserMutations = 3;
    private const int BotMutations = 6;
    private const int UserReads = 5;
    private const int ClientReads = 30;
    private const int ClientSignIns = 12;
    private const string Bot = "bench-bot-1";

    public sealed class Fixture : GatewayFixture
    {
        protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
        {
            ["RateLimits:Mutations:PerUser"] = UserMutations.ToString(),
            ["RateLimits:Mutations:Window"] = "01:00:00",
            ["RateLimits:Reads:PerUser"] = UserReads.ToString(),
            ["RateLimits:Reads:PerClient"] = ClientReads.ToString(),
            ["RateLimits:Reads:Window"] = "01:00:00",
            ["RateLimits:SignIn:PerClient"] = ClientSignIns.ToString(),
            ["RateLimits:SignIn:Window"] = "01:00:00",
            ["RateLimits:BotMutations:PerUser"] = BotMutations.ToString(),
            ["RateLimits:BotMutations:Window"] = "01:00:00",
            ["RateLimits:BotUsers:0"] = Bot,
            // The operator that registers the tests' meters (see MeteredGeneration) registers one per credit.
            ["RateLimits:BotUsers:1"] = MeteredGeneration.OperatorId,
        };
    }

    private ApiClients Api => fixture.Api;

    /// <summary>A token as the gateway's dev tokens are (same key and issuer), made without a sign-in request.</summary>
    private static Metadata Token(string user) =>
        new() { { "authorization", "Bearer " + TestTokens.Issue(user, [], TestGateway.SigningKey, issuer: "enerlectra-dev") } };

    private static CreateOfferRequest Offer(long wh) =>
        new() { EnergyWh = wh, PricePerKwhNgwee = 1_000, ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(6)) };

    [Fact]
    public async Task Json_changes_over_the_users_budget_get_429_with_retry_after_and_change_nothing()
    {
        var seller = ApiClients.NewUserId("seller");
        await Api.CreditGenerationAsync(seller, 10_000);
        var token = Token(seller).GetValue("authorization")!;
        var calls = new JsonCalls(fixture.Host.Http);
        var body = JsonSerializer.Serialize(new { energyWh = 1_000, pricePerKwhNgwee = 1_000, expiresAt = DateTimeOffset.UtcNow.AddHours(6).ToString("O") });

        for (var i = 0; i < UserMutations; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await calls.SendAsync(HttpMethod.Post, "/api/offers", token["Bearer ".Length..], body)).Status);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/offers") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Authorization", token);
        using var refused = await fixture.Host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
        JsonCalls.AssertError((refused.StatusCode, await refused.Content.ReadAsStringAsync()), HttpStatusCode.TooManyRequests, 8, "retry after");

        // Reads have a budget of their own, and the refused offer was never made.
        var wallet = await Api.Wallets.GetWalletAsync(new GetWalletRequest { UserId = seller }, Token(seller));
        Assert.Equal((10_000 - UserMutations * 1_000L, UserMutations * 1_000L), (wallet.AvailableWh, wallet.ReservedWh));
    }

    [Fact]
    public async Task Grpc_changes_over_the_budget_get_resource_exhausted_with_retry_information()
    {
        var seller = ApiClients.NewUserId("seller");
        await Api.CreditGenerationAsync(seller, 10_000);
        var token = Token(seller);
        for (var i = 0; i < UserMutations; i++)
        {
            await Api.Offers.CreateOfferAsync(Offer(1_000), token);
        }

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await Api.Offers.CreateOfferAsync(Offer(1_000), token));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("retry after", refused.Status.Detail);
        Assert.True(long.Parse(refused.Trailers.GetValue("retry-after")!) > 0);
        var wallet = await Api.Wallets.GetWalletAsync(new GetWalletRequest { UserId = seller }, token);
        Assert.Equal(UserMutations * 1_000L, wallet.ReservedWh);
    }

    [Fact]
    public async Task A_read_only_grpc_method_counts_as_a_read_whatever_the_transport()
    {
        var user = ApiClients.NewUserId("reader");
        var token = Token(user);

        // GetWallet's JSON route is a GET, so over gRPC (a POST) it still spends the read budget, not the change budget.
        for (var i = 0; i < UserReads; i++)
        {
            await Api.Wallets.GetWalletAsync(new GetWalletRequest { UserId = user }, token);
        }

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await Api.Wallets.GetWalletAsync(new GetWalletRequest { UserId = user }, token));
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);

        // Changes are still within their own budget.
        await Api.CreditGenerationAsync(user, 1_000);
        await Api.Offers.CreateOfferAsync(Offer(1_000), token);
    }

    [Fact]
    public async Task Bots_get_their_own_larger_budget()
    {
        await Api.CreditGenerationAsync(Bot, 10_000);
        var token = Token(Bot);

        for (var i = 0; i < BotMutations; i++)
        {
            await Api.Offers.CreateOfferAsync(Offer(1_000), token);
        }

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await Api.Offers.CreateOfferAsync(Offer(1_000), token));
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
    }

    [Fact]
    public async Task An_order_stream_counts_once_when_it_opens_however_many_orders_it_carries()
    {
        var market = new Market(Api).Id;
        var user = ApiClients.NewUserId("streamer");
        var book = fixture.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrderBookGrain>(market);
        await book.DepositAsync(user, 10_000_000, "fund-money-" + Guid.NewGuid().ToString("N"), "test");
        var token = Token(user);

        await using (var session = new SessionClient(Api.Orders, token))
        {
            await session.StartAsync(market, cancelOnDisconnect: false);
            await session.WaitForAsync(e => e.Type == "started", "started");
            const int orders = UserMutations * 3;
            for (var i = 0; i < orders; i++)
            {
                await session.PlaceAsync($"bid-{i}", "buy", 1_000, 100 + i);
            }

            await session.WaitForAsync(e => e.Type == "accepted" && e.ClientOrderId == $"bid-{orders - 1}", "the last order accepted");
            Assert.Equal(orders, session.Seen.Count(e => e.Type == "accepted"));
        }

        // The stream spent one request: two more changes fit, then the budget is spent.
        await Api.Orders.CancelAllOrdersAsync(new CancelAllOrdersRequest { MarketId = market }, token);
        await Api.Orders.PlaceOrderAsync(new PlaceOrderRequest { MarketId = market, ClientOrderId = "unary", Side = "buy", QuantityWh = 1_000, PriceNgweePerKwh = 100 }, token);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await Api.Orders.PlaceOrderAsync(
            new PlaceOrderRequest { MarketId = market, ClientOrderId = "over", Side = "buy", QuantityWh = 1_000, PriceNgweePerKwh = 100 }, token));
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
    }

    [Fact]
    public async Task One_address_over_its_read_budget_is_refused_while_others_are_served()
    {
        using var crawler = LoopbackClient.From("127.0.0.3", fixture.Host.HttpPort);
        for (var i = 0; i < ClientReads; i++)
        {
            using var ok = await crawler.GetAsync("/api/offers");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await crawler.GetAsync("/api/offers");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);

        using var neighbour = LoopbackClient.From("127.0.0.4", fixture.Host.HttpPort);
        using var served = await neighbour.GetAsync("/api/offers");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Sign_ins_from_one_address_have_a_budget_of_their_own()
    {
        using var client = LoopbackClient.From("127.0.0.5", fixture.Host.HttpPort);
        var deviceId = BrowserSession.NewDeviceId();
        for (var i = 0; i < ClientSignIns; i++)
        {
            using var ok = await client.PostAsync("/api/session", Json(new { userId = ApiClients.NewUserId("web"), deviceId }));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // The session routes and dev tokens share the budget; the refused sign-in sets no cookie.
        using var session = await client.PostAsync("/api/session", Json(new { userId = ApiClients.NewUserId("web"), deviceId }));
        Assert.Equal(HttpStatusCode.TooManyRequests, session.StatusCode);
        Assert.False(session.Headers.Contains("Set-Cookie"));
        using var devToken = await client.PostAsync("/api/auth/dev-token", Json(new { userId = "someone" }));
        Assert.Equal(HttpStatusCode.TooManyRequests, devToken.StatusCode);
        Assert.NotNull(devToken.Headers.RetryAfter);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
