using System.Net;
using System.Text.Json;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Grpc.Core;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Airtel's callback hash has no nonce or time, so a captured genuine callback stays valid forever. The trade
/// remembers the signed callbacks it has had (durably): the same one again is refused (409), also after a restart;
/// and a callback naming one transaction posted to another's URL is refused (400), for Zamtel too. The callbacks
/// replayed here are the sandbox's own, byte for byte as it sent them.
/// </summary>
public sealed class AirtelReplayTests(AirtelReplayTests.Fixture fixture, TestDatabase database)
    : IClassFixture<AirtelReplayTests.Fixture>, IClassFixture<TestDatabase>
{
    /// <summary>Only callbacks make a trade ask the provider here: one that completes with one status query was settled by its callback.</summary>
    public sealed class Fixture : GatewayFixture
    {
        protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
        {
            ["Trading:PaymentPollInterval"] = "00:10:00",
            ["Trading:MaxPaymentPollInterval"] = "00:10:00",
            ["Trading:ReconcileReminderPeriod"] = "00:10:00",
        };
    }

    private ApiClients Api => fixture.Api;

    private SandboxControl Sandbox => fixture.Sandbox;

    [Fact]
    public async Task The_genuine_callback_settles_the_trade_and_the_same_callback_again_is_refused()
    {
        var (trade, buyerToken) = await StartTradeAsync(Api, ApiClients.AirtelPhone(), "airtel");
        var completed = await Api.WaitForFinalAsync(trade.TradeId, buyerToken);
        Assert.Equal("completed", completed.Status);
        Assert.Equal(1, await Sandbox.StatusQueriesForAsync("airtel", trade.TradeId));   // its callback settled it
        var genuine = await DeliveredCallbackAsync(Sandbox, trade.TradeId);

        // Sent again as captured, to the trade's URL and to the plain one, and with its unsigned parts rearranged
        // (the hash spelled with a space, which base64 ignores; the fields in another order): still the same callback.
        var (transaction, hash) = Split(genuine.Body);
        var respelled = $$"""{ "hash" : "{{hash[..8]}} {{hash[8..]}}", "transaction" : {{transaction}} }""";
        foreach (var (path, body) in new[]
                 {
                     ($"/api/callbacks/airtel/{trade.TradeId}", genuine.Body),
                     ("/api/callbacks/airtel", genuine.Body),
                     ($"/api/callbacks/airtel/{trade.TradeId}", respelled),
                 })
        {
            using var replay = await PostAsync(fixture.Host.Http, path, body);
            Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        }

        // Nothing happened: no query, no second settlement, the trade exactly as it was.
        Assert.Equal(completed, await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = trade.TradeId }, buyerToken));
        Assert.Equal(1, await Sandbox.StatusQueriesForAsync("airtel", trade.TradeId));
        Assert.Equal(1, await Sandbox.ChargesForAsync("airtel", completed.PayerPhone));
    }

    [Fact]
    public async Task A_callback_posted_to_another_reference_than_it_names_is_refused_and_wakes_nothing()
    {
        var (paid, paidBuyer) = await StartTradeAsync(Api, ApiClients.AirtelPhone(), "airtel");
        Assert.Equal("completed", (await Api.WaitForFinalAsync(paid.TradeId, paidBuyer)).Status);
        var genuine = await DeliveredCallbackAsync(Sandbox, paid.TradeId);

        // Validly signed, but about another payment: refused before the trade it was posted to hears of it.
        var (airtel, airtelBuyer) = await PendingTradeAsync(ApiClients.AirtelPhone("0004"), "airtel");
        using (var misdirected = await PostAsync(fixture.Host.Http, $"/api/callbacks/airtel/{airtel.TradeId}", genuine.Body))
        {
            Assert.Equal(HttpStatusCode.BadRequest, misdirected.StatusCode);
        }

        // Zamtel's callbacks are unsigned but name their reference too: the same rule.
        var (zamtel, zamtelBuyer) = await PendingTradeAsync(ApiClients.ZamtelPhone("0004"), "zamtel");
        var zamtelBody = $$"""{"reference":"{{paid.TradeId}}","status":"SUCCESSFUL","reason":null,"transactionId":"ZT1","amountNgwee":{{zamtel.AmountNgwee}}}""";
        using (var misdirected = await PostAsync(fixture.Host.Http, $"/api/callbacks/zamtel/{zamtel.TradeId}", zamtelBody))
        {
            Assert.Equal(HttpStatusCode.BadRequest, misdirected.StatusCode);
        }

        // Neither trade asked its provider (nothing else makes them ask here) or moved.
        foreach (var (provider, trade, buyerToken) in new[] { ("airtel", airtel, airtelBuyer), ("zamtel", zamtel, zamtelBuyer) })
        {
            Assert.Equal(0, await Sandbox.StatusQueriesForAsync(provider, trade.TradeId));
            var now = await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = trade.TradeId }, buyerToken);
            Assert.Equal(("payment_pending", "awaiting_approval"), (now.Status, now.PaymentStatus));
        }

        // The paid trade's own URL still takes a callback that names it (a stale "in progress" is a new message).
        var stale = ProviderCallbacks.AirtelSigned(
            $$"""{"id":"{{paid.TradeId}}","message":"Transaction in progress","status_code":"TIP","airtel_money_id":null}""",
            Enerlectra.Gateway.Hosting.SandboxSetup.DevAirtelCallbackSecret);
        using var own = await PostAsync(fixture.Host.Http, $"/api/callbacks/airtel/{paid.TradeId}", stale);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task A_replayed_callback_is_refused_after_the_gateway_restarts_on_PostgreSQL()
    {
        const string Secret = "replay-test-airtel-callback-secret";
        var firstPorts = TestGatewayPorts.Take();
        await using var sandbox = await OwnSandbox.StartAsync(options =>
        {
            // The provider calls the first gateway back, signing with the key configured on both sides.
            options.AirtelCallbackUrl = $"http://127.0.0.1:{firstPorts.Http}/api/callbacks/airtel/{{reference}}";
            options.AirtelCallbackSecret = Secret;
        });
        var settings = new Dictionary<string, string?> { ["MobileMoney:Airtel:CallbackSecret"] = Secret };
        var markets = TestMarkets.Create(1);
        Trade completed;
        Metadata buyerToken;
        SandboxControl.SentCallback genuine;

        await using (var first = await GatewayHost.StartAsync(database.ConnectionString, sandbox.Settings, settings, firstPorts, markets))
        {
            Trade trade;
            (trade, buyerToken) = await StartTradeAsync(first.Api, ApiClients.AirtelPhone(), "airtel");
            completed = await first.Api.WaitForFinalAsync(trade.TradeId, buyerToken);
            Assert.Equal("completed", completed.Status);
            genuine = await DeliveredCallbackAsync(sandbox.Control, trade.TradeId);
        }

        // A new process on the same database: only what the trade saved can recognise the callback.
        await using var second = await GatewayHost.StartAsync(database.ConnectionString, sandbox.Settings, settings, markets: markets);
        using (var replay = await PostAsync(second.Http, $"/api/callbacks/airtel/{completed.TradeId}", genuine.Body))
        {
            Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        }

        Assert.Equal(completed, await second.Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = completed.TradeId }, buyerToken));
        Assert.Equal(1, await sandbox.Control.ChargesForAsync("airtel", completed.PayerPhone));
    }

    private static async Task<(Trade Trade, Metadata BuyerToken)> StartTradeAsync(ApiClients api, string phone, string network)
    {
        var (trade, buyerToken) = await new Market(api).BuyAsync(phone);
        Assert.Equal(network, trade.Network);
        return (trade, buyerToken);
    }

    private async Task<(Trade Trade, Metadata BuyerToken)> PendingTradeAsync(string phone, string network)
    {
        var (trade, buyerToken) = await StartTradeAsync(Api, phone, network);
        return (await Api.WaitUntilAwaitingApprovalAsync(trade.TradeId, buyerToken), buyerToken);
    }

    /// <summary>The one callback the provider sent for a collection, once we have answered it (200: taken).</summary>
    private static async Task<SandboxControl.SentCallback> DeliveredCallbackAsync(SandboxControl sandbox, string tradeId)
    {
        var sent = await Eventually.UntilAsync(
            () => sandbox.CallbacksAsync("airtel", tradeId), c => c.Count == 1 && c[0].Status is not null, "the provider's callback to be answered");
        Assert.Equal(200, sent[0].Status);
        return sent[0];
    }

    private static (string Transaction, string Hash) Split(string body)
    {
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("transaction").GetRawText(), json.RootElement.GetProperty("hash").GetString()!);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string body) =>
        ProviderCallbacks.SendAsync(client, HttpMethod.Post, path, body);
}
