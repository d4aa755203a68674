using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;

namespace Enerlectra.IntegrationTests;

/// <summary>The documented JSON routes on the HTTP/1.1 port, as a web front end calls them.</summary>
public sealed class JsonTranscodingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private HttpClient Http => fixture.Host.Http;

    private async Task<string> TokenAsync(string userId, params string[] roles)
    {
        var response = await Http.PostAsJsonAsync("/api/auth/dev-token", new { userId, roles });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", json.GetProperty("tokenType").GetString());
        return json.GetProperty("accessToken").GetString()!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text));
    }

    /// <summary>PUT /api/wallets/{id}/phone, then GET until the number is verified (the sandbox approves it).</summary>
    private async Task<JsonElement> LinkVerifiedPhoneAsync(string userId, string token, string phone)
    {
        var (status, linking) = await SendAsync(HttpMethod.Put, $"/api/wallets/{userId}/phone", token, new { phoneNumber = phone });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("awaiting_approval", linking.GetProperty("phoneVerification").GetProperty("status").GetString());
        return await Eventually.UntilAsync(
            async () => (await SendAsync(HttpMethod.Get, $"/api/wallets/{userId}", token)).Body,
            w => w.GetProperty("phoneVerification").GetProperty("status").GetString() != "awaiting_approval",
            "the number to be verified");
    }

    [Fact]
    public async Task Documented_routes_run_a_whole_trade_over_json()
    {
        var seller = ApiClients.NewUserId("seller");
        var buyer = ApiClients.NewUserId("buyer");
        var meterId = ApiClients.NewUserId("meter");
        var operatorToken = await TokenAsync("ops-1", "operator");
        var meterToken = await TokenAsync(meterId, "meter");
        var sellerToken = await TokenAsync(seller);
        var buyerToken = await TokenAsync(buyer);

        // An operator registers the seller's 1 kW meter, commissioned 10 hours ago; it reports without a time (now).
        var (registered, meter) = await SendAsync(HttpMethod.Put, $"/api/meters/{meterId}/users/{seller}", operatorToken,
            new { capacityW = 1_000, commissionedAt = DateTimeOffset.UtcNow.AddHours(-10).ToString("O") });
        Assert.Equal(HttpStatusCode.OK, registered);
        Assert.Equal((seller, 1_000L, true), (meter.GetProperty("bindings")[0].GetProperty("userId").GetString(),
            meter.GetProperty("bindings")[0].GetProperty("capacityW").GetInt64(), meter.GetProperty("bindings")[0].GetProperty("active").GetBoolean()));
        var (status, wallet) = await SendAsync(HttpMethod.Post, "/api/meters/readings", meterToken, new { userId = seller, readingId = "r-1", generatedWh = 8_000 });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(8_000, wallet.GetProperty("availableWh").GetInt64());   // a JSON number, not a string
        (status, meter) = await SendAsync(HttpMethod.Get, $"/api/meters/{meterId}", operatorToken);
        Assert.Equal((HttpStatusCode.OK, "r-1", 8_000L), (status, meter.GetProperty("bindings")[0].GetProperty("lastReadingId").GetString(),
            meter.GetProperty("bindings")[0].GetProperty("generatedWh").GetInt64()));

        // Linking starts a verification; the number is the wallet's only once its owner approved it (and the
        // verification amount is then in the balance).
        (status, wallet) = await SendAsync(HttpMethod.Put, $"/api/wallets/{seller}/phone", sellerToken, new { phoneNumber = "0961234567" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("", wallet.GetProperty("phoneNumber").GetString());
        var verification = wallet.GetProperty("phoneVerification");
        Assert.Equal(("+260961234567", "mtn", "awaiting_approval"),
            (verification.GetProperty("phoneNumber").GetString(), verification.GetProperty("network").GetString(), verification.GetProperty("status").GetString()));
        Assert.Equal(100, verification.GetProperty("amountNgwee").GetInt64());
        wallet = await Eventually.UntilAsync(
            async () => (await SendAsync(HttpMethod.Get, $"/api/wallets/{seller}", sellerToken)).Body,
            w => w.GetProperty("phoneNumber").GetString() != "",
            "the seller's number to be verified");
        Assert.Equal(("+260961234567", "mtn", "verified"),
            (wallet.GetProperty("phoneNumber").GetString(), wallet.GetProperty("network").GetString(), wallet.GetProperty("phoneVerification").GetProperty("status").GetString()));
        Assert.Equal(100, wallet.GetProperty("balanceNgwee").GetInt64());

        var (created, offer) = await SendAsync(HttpMethod.Post, "/api/offers", sellerToken,
            new { energyWh = 5_000, pricePerKwhNgwee = 1_000, expiresAt = DateTimeOffset.UtcNow.AddHours(6).ToString("O") });
        Assert.Equal(HttpStatusCode.OK, created);
        var offerId = offer.GetProperty("offerId").GetString()!;
        Assert.Equal(("open", 5_000L), (offer.GetProperty("status").GetString(), offer.GetProperty("remainingWh").GetInt64()));

        var (listed, list) = await SendAsync(HttpMethod.Get, "/api/offers?pageSize=100", null);
        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Contains(list.GetProperty("offers").EnumerateArray(), o => o.GetProperty("offerId").GetString() == offerId);
        var (got, one) = await SendAsync(HttpMethod.Get, $"/api/offers/{offerId}", null);
        Assert.Equal((HttpStatusCode.OK, seller), (got, one.GetProperty("sellerId").GetString()));

        var buyerPhone = ApiClients.MtnPhone();
        Assert.Equal("verified", (await LinkVerifiedPhoneAsync(buyer, buyerToken, buyerPhone)).GetProperty("phoneVerification").GetProperty("status").GetString());
        var (executed, trade) = await SendAsync(HttpMethod.Post, "/api/blockchain/trade/execute", buyerToken,
            new { offerId, buyerId = buyer, phoneNumber = buyerPhone, paymentMethod = "hybrid", energyWh = 2_000 });
        Assert.Equal(HttpStatusCode.OK, executed);
        var tradeId = trade.GetProperty("tradeId").GetString()!;

        var final = await Eventually.UntilAsync(
            async () => (await SendAsync(HttpMethod.Get, $"/api/trades/{tradeId}", buyerToken)).Body,
            t => t.GetProperty("status").GetString() is "completed" or "failed",
            "the JSON trade to finish");
        Assert.Equal("completed", final.GetProperty("status").GetString());
        Assert.Equal((2_000L, 5L, 1_995L), (final.GetProperty("amountNgwee").GetInt64(), final.GetProperty("feeNgwee").GetInt64(), final.GetProperty("sellerNetNgwee").GetInt64()));

        (status, wallet) = await SendAsync(HttpMethod.Get, $"/api/wallets/{seller}", sellerToken);
        Assert.Equal((HttpStatusCode.OK, 1_995L), (status, wallet.GetProperty("earningsNgwee").GetInt64()));

        // Mobile money route: the reference makes a retry return the same trade.
        var reference = Guid.NewGuid().ToString("N");
        var (mm1, t1) = await SendAsync(HttpMethod.Post, "/api/blockchain/trade/mobile-money", buyerToken,
            new { offerId, buyerPhone, mobileMoneyReference = reference, energyWh = 1_000 });
        Assert.Equal(HttpStatusCode.OK, mm1);
        Assert.Equal(("mobile_money", buyerPhone), (t1.GetProperty("paymentMethod").GetString(), t1.GetProperty("payerPhone").GetString()));

        var (cancelled, c) = await SendAsync(HttpMethod.Delete, $"/api/offers/{offerId}", sellerToken);
        Assert.Equal(HttpStatusCode.OK, cancelled);
        Assert.Equal("cancelled", c.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/api/blockchain/status")]
    [InlineData("/api/blockchain/health")]
    public async Task Blockchain_status_reports_not_configured_in_the_documented_shape(string path)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, path, null);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        var data = body.GetProperty("data");
        Assert.False(string.IsNullOrEmpty(data.GetProperty("service").GetString()));
        Assert.Equal("not_configured", data.GetProperty("status").GetString());
        var chain = data.GetProperty("blockchain");
        Assert.False(chain.GetProperty("isInitialized").GetBoolean());
        Assert.True(chain.TryGetProperty("network", out _));
        Assert.Equal(0, chain.GetProperty("blockNumber").GetInt64());
        Assert.True(DateTimeOffset.TryParse(data.GetProperty("timestamp").GetString(), out _));
        Assert.False(string.IsNullOrEmpty(data.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Errors_map_to_http_statuses_with_a_message_naming_the_field()
    {
        var seller = ApiClients.NewUserId("seller");
        var sellerToken = await TokenAsync(seller);
        var other = await TokenAsync(ApiClients.NewUserId("other"));

        var (noToken, _) = await SendAsync(HttpMethod.Get, $"/api/wallets/{seller}", null);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken);
        var (badToken, _) = await SendAsync(HttpMethod.Get, $"/api/wallets/{seller}", "not-a-jwt");
        Assert.Equal(HttpStatusCode.Unauthorized, badToken);

        var (invalid, error) = await SendAsync(HttpMethod.Post, "/api/offers", sellerToken,
            new { energyWh = -5, pricePerKwhNgwee = 1_000, expiresAt = DateTimeOffset.UtcNow.AddHours(1).ToString("O") });
        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        Assert.Contains("energyWh", error.GetProperty("message").GetString());

        var (badId, error2) = await SendAsync(HttpMethod.Get, "/api/offers/not-a-guid", null);
        Assert.Equal(HttpStatusCode.BadRequest, badId);
        Assert.Contains("offerId", error2.GetProperty("message").GetString());

        var (missing, _) = await SendAsync(HttpMethod.Get, $"/api/offers/{Guid.NewGuid()}", null);
        Assert.Equal(HttpStatusCode.NotFound, missing);

        var (denied, error3) = await SendAsync(HttpMethod.Get, $"/api/wallets/{seller}", other);
        Assert.Equal(HttpStatusCode.Forbidden, denied);
        Assert.False(string.IsNullOrEmpty(error3.GetProperty("message").GetString()));

        // Same idempotency key, different request: 409.
        await fixture.Api.CreditGenerationAsync(seller, 5_000);
        var (_, offer) = await SendAsync(HttpMethod.Post, "/api/offers", sellerToken,
            new { energyWh = 4_000, pricePerKwhNgwee = 1_000, expiresAt = DateTimeOffset.UtcNow.AddHours(1).ToString("O") });
        var buyerId = ApiClients.NewUserId("buyer");
        var buyer = await TokenAsync(buyerId);
        var reference = Guid.NewGuid().ToString("N");
        var phone = ApiClients.MtnPhone();
        await LinkVerifiedPhoneAsync(buyerId, buyer, phone);
        var offerId = offer.GetProperty("offerId").GetString();
        var (first, _) = await SendAsync(HttpMethod.Post, "/api/blockchain/trade/mobile-money", buyer, new { offerId, buyerPhone = phone, mobileMoneyReference = reference, energyWh = 1_000 });
        Assert.Equal(HttpStatusCode.OK, first);
        var (conflict, error4) = await SendAsync(HttpMethod.Post, "/api/blockchain/trade/mobile-money", buyer, new { offerId, buyerPhone = phone, mobileMoneyReference = reference, energyWh = 2_000 });
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.False(string.IsNullOrEmpty(error4.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Grpc_web_works_on_the_http1_port()
    {
        // Browsers cannot speak HTTP/2 gRPC; gRPC-Web over HTTP/1.1 must reach the same services.
        using var channel = GrpcChannel.ForAddress(fixture.Host.Http.BaseAddress!, new GrpcChannelOptions
        {
            // The port is HTTP/1.1 only, as a browser behind a plain proxy would use it.
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWebText, new HttpClientHandler()),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        var auth = new AuthService.AuthServiceClient(channel);
        var token = await auth.IssueDevTokenAsync(new IssueDevTokenRequest { UserId = "web-user" });
        Assert.False(string.IsNullOrEmpty(token.AccessToken));
        var status = await new BlockchainService.BlockchainServiceClient(channel).GetStatusAsync(new BlockchainStatusRequest());
        Assert.Equal("not_configured", status.Data.Status);
    }
}
