using System.Net;
using System.Text;
using Enerlectra.Api.V1;
using Enerlectra.Gateway.Hosting;
using Enerlectra.IntegrationTests.Support;
using Grpc.Core;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Forged, unsigned, oversized and misdirected callbacks against the gateway's public callback routes. Airtel's are
/// signed: a wrong or missing hash is refused (401) before anything is woken. Every provider's callback is only a hint:
/// even a validly signed "successful" for a payment the provider still holds changes nothing.
/// </summary>
public sealed class CallbackSecurityTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private ApiClients Api => fixture.Api;

    private HttpClient Gateway => fixture.Host.Http;

    [Fact]
    public async Task Airtel_callback_with_a_wrong_or_missing_hash_is_refused_and_changes_nothing()
    {
        var (trade, buyerToken, offerId) = await PendingTradeAsync("airtel", "97");

        // Claims success, signed with a key that is not ours; then no hash at all; then not even JSON.
        var wrongKey = AirtelBody(trade.TradeId, "TS", "wrong-secret");
        var unsigned = $$$"""{"transaction":{"id":"{{{trade.TradeId}}}","message":"Transaction is successful","status_code":"TS","airtel_money_id":"FORGED"}}""";
        foreach (var body in new[] { wrongKey, unsigned, "not json at all" })
        {
            using var response = await PostAsync($"/api/callbacks/airtel/{trade.TradeId}", body);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        await AssertStillPendingAsync("airtel", trade, buyerToken, offerId);
        await ApproveAndCompleteOnceAsync("airtel", trade, buyerToken);
    }

    [Fact]
    public async Task Airtel_callback_to_the_plain_url_takes_the_trade_from_the_body_and_is_checked_the_same_way()
    {
        // Real Airtel calls one configured URL with no reference in it: the trade comes from transaction.id.
        var (trade, buyerToken, offerId) = await PendingTradeAsync("airtel", "97");

        using (var forged = await PostAsync("/api/callbacks/airtel", AirtelBody(trade.TradeId, "TS", "wrong-secret")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        using (var nameless = await PostAsync("/api/callbacks/airtel", """{"transaction":{"message":"no id","status_code":"TS"}}"""))
        {
            Assert.Equal(HttpStatusCode.NotFound, nameless.StatusCode);
        }

        // Authentic but premature: accepted as a hint, and the provider (still pending) has the last word.
        using (var hint = await PostAsync("/api/callbacks/airtel", AirtelBody(trade.TradeId, "TS", SandboxSetup.DevAirtelCallbackSecret)))
        {
            Assert.Equal(HttpStatusCode.OK, hint.StatusCode);
        }

        await AssertStillPendingAsync("airtel", trade, buyerToken, offerId);
        await ApproveAndCompleteOnceAsync("airtel", trade, buyerToken);
    }

    [Fact]
    public async Task Airtel_callback_signed_with_the_wrong_key_by_the_provider_is_refused_and_the_trade_completes_by_polling()
    {
        var market = new Market(Api);
        var (_, _, offer) = await market.SellerWithOfferAsync(10_000, 5_000, 1_000);
        // The sandbox signs this number's payment callbacks with the wrong key (not its verification's).
        var (_, buyerToken, phone) = await Api.BuyerAsync(ApiClients.AirtelPhone("0013"));

        var started = await Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = phone, EnergyWh = 2_000 }, buyerToken);
        var trade = await Api.WaitForFinalAsync(started.TradeId, buyerToken);
        Assert.Equal("completed", trade.Status);

        var tx = (await fixture.Sandbox.CollectionAsync("airtel", trade.TradeId)).GetProperty("transaction");
        Assert.Equal(1, tx.GetProperty("callbacksPlanned").GetInt32());
        Assert.Equal(0, tx.GetProperty("callbacksDelivered").GetInt32());     // we never answered it with a 2xx
        Assert.Equal(1, tx.GetProperty("completions").GetInt32());
        Assert.Equal(1, await fixture.Sandbox.ChargesForAsync("airtel", phone));
    }

    [Theory]
    [InlineData("airtel", "97")]    // validly signed: the hash proves who sent it, not that the payment happened
    [InlineData("zamtel", "95")]
    [InlineData("mtn", "96")]
    public async Task Success_callback_for_a_payment_the_provider_still_holds_changes_nothing(string provider, string prefix)
    {
        var (trade, buyerToken, offerId) = await PendingTradeAsync(provider, prefix);

        using var response = await SendForgedSuccessAsync(provider, trade);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The callback was answered only after the trade asked the provider, which still says pending.
        await AssertStillPendingAsync(provider, trade, buyerToken, offerId);
        var completed = await ApproveAndCompleteOnceAsync(provider, trade, buyerToken);
        Assert.NotEqual("FORGED", completed.ProviderTransactionId);
    }

    [Theory]
    [InlineData("airtel")]
    [InlineData("zamtel")]
    [InlineData("mtn")]
    public async Task Callback_for_an_unknown_reference_credits_nothing(string provider)
    {
        var before = await fixture.Sandbox.CollectionLedgerAsync(provider);
        var unknown = new Trade { TradeId = Guid.NewGuid().ToString(), AmountNgwee = 5_000 };

        using var response = await SendForgedSuccessAsync(provider, unknown);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);   // a hint that wakes nothing

        var operatorToken = await Api.TokenAsync("ops-" + Guid.NewGuid().ToString("N")[..8], "operator");
        var missing = await Assert.ThrowsAsync<RpcException>(async () =>
            await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = unknown.TradeId }, operatorToken));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var after = await fixture.Sandbox.CollectionLedgerAsync(provider);
        Assert.Equal(before.Total, after.Total);

        // Not a reference at all: nothing to wake.
        using var notAReference = await PostAsync($"/api/callbacks/{provider}/not-a-trade", "{}");
        Assert.Equal(HttpStatusCode.NotFound, notAReference.StatusCode);
    }

    [Theory]
    [InlineData("airtel", true)]
    [InlineData("zamtel", true)]
    [InlineData("zamtel", false)]   // chunked: no Content-Length to refuse by, so the limit holds while reading
    [InlineData("mtn", false)]
    public async Task Oversized_callback_is_refused(string provider, bool withLength)
    {
        var body = new string(' ', 64 * 1024) + "{}";
        HttpContent content = withLength
            ? new StringContent(body, Encoding.UTF8, "application/json")
            : new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/callbacks/{provider}/{Guid.NewGuid()}") { Content = content };
        using var response = await Gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    /// <summary>A trade whose payment the provider holds (scenario 0004) and that has asked the provider at least once.</summary>
    private async Task<(Trade Trade, Metadata BuyerToken, string OfferId)> PendingTradeAsync(string provider, string prefix)
    {
        var (started, buyerToken) = await new Market(Api).BuyAsync(ApiClients.Phone(prefix, "0004"));
        Assert.Equal(provider, started.Network);
        return (await Api.WaitUntilAwaitingApprovalAsync(started.TradeId, buyerToken), buyerToken, started.OfferId);
    }

    private async Task AssertStillPendingAsync(string provider, Trade trade, Metadata buyerToken, string offerId)
    {
        var now = await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = trade.TradeId }, buyerToken);
        Assert.Equal(("payment_pending", "awaiting_approval", ""), (now.Status, now.PaymentStatus, now.ProviderTransactionId));
        var offer = await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offerId });
        Assert.Equal((2_000L, 0L), (offer.PendingWh, offer.SoldWh));
        var seller = await Api.WalletAsync(trade.SellerId, await Api.TokenAsync(trade.SellerId));
        Assert.Equal(0, seller.EarningsNgwee);
        var tx = (await fixture.Sandbox.CollectionAsync(provider, trade.TradeId)).GetProperty("transaction");
        Assert.Equal(("PENDING", 0), (tx.GetProperty("status").GetString(), tx.GetProperty("completions").GetInt32()));
    }

    private async Task<Trade> ApproveAndCompleteOnceAsync(string provider, Trade trade, Metadata buyerToken)
    {
        using var approval = await fixture.Sandbox.ApproveAsync(provider, trade.TradeId);
        Assert.Equal(HttpStatusCode.OK, approval.StatusCode);
        var completed = await Api.WaitForFinalAsync(trade.TradeId, buyerToken);
        Assert.Equal("completed", completed.Status);
        Assert.Equal(1, await fixture.Sandbox.ChargesForAsync(provider, completed.PayerPhone));
        return completed;
    }

    /// <summary>What each provider's "the payment succeeded" looks like, for a trade it may know nothing about.</summary>
    private Task<HttpResponseMessage> SendForgedSuccessAsync(string provider, Trade trade) => provider switch
    {
        // Signed with the gateway's real callback key (the default run's dev key): authentic, and still only a hint.
        "airtel" => PostAsync($"/api/callbacks/airtel/{trade.TradeId}", AirtelBody(trade.TradeId, "TS", SandboxSetup.DevAirtelCallbackSecret)),
        "zamtel" => PostAsync($"/api/callbacks/zamtel/{trade.TradeId}",
            $$"""{"reference":"{{trade.TradeId}}","status":"SUCCESSFUL","reason":null,"transactionId":"FORGED","amountNgwee":{{trade.AmountNgwee}}}"""),
        _ => ProviderCallbacks.SendMtnSuccessAsync(Gateway, trade.TradeId, trade.AmountNgwee),
    };

    private static string AirtelBody(string tradeId, string statusCode, string key) => ProviderCallbacks.AirtelSigned(
        $$"""{"id":"{{tradeId}}","message":"Transaction is successful","status_code":"{{statusCode}}","airtel_money_id":"FORGED"}""", key);

    private Task<HttpResponseMessage> PostAsync(string path, string body) => ProviderCallbacks.SendAsync(Gateway, HttpMethod.Post, path, body);
}
