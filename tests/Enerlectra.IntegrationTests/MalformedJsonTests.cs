using System.Net;
using System.Text;
using System.Text.Json;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Issue 8, item 11: JSON transcoding used to answer malformed requests in its parser's words ("The input string
/// 'abc' was not in a correct format.", "Value was either too large or too small for an Int32.", "Request JSON
/// payload is not correctly formatted."). Now each is 400 in the usual error shape, naming the field, and changes
/// nothing; and the streaming routes still stream.
/// </summary>
public sealed class MalformedJsonTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private ApiClients Api => fixture.Api;

    private JsonCalls Json => new(fixture.Host.Http);

    public static TheoryData<string, string> MalformedOffers => new()
    {
        { """{"energyWh":"abc","pricePerKwhNgwee":100,"expiresAt":"{tomorrow}"}""", "energyWh must be a whole number" },
        { """{"energyWh":5000.5,"pricePerKwhNgwee":100,"expiresAt":"{tomorrow}"}""", "energyWh must be a whole number" },
        { """{"energyWh":5000,"pricePerKwhNgwee":99999999999999999999,"expiresAt":"{tomorrow}"}""", "pricePerKwhNgwee must be a whole number" },
        { """{"energyWh":5000,"pricePerKwhNgwee":100,"expiresAt":"tomorrow"}""", "expiresAt must be a date and time such as 2026-12-31T18:00:00Z" },
        { """{"energyWh":5000,"pricePerKwhNgwee":100,"expiresAt":"0001-01-01T00:00:00+01:00"}""", "expiresAt must be a date and time" },
        { """{"energyWh":5000,"pricePerKwhNgwee":100,"expiresAt":"0001-01-01T00:00:00Z"}""", "expiresAt must be in the future" },
        { """{"energyWh":5000,"pricePerKwhNgwee":100,"expiresAt":"9999-12-31T23:59:59Z"}""", "expiresAt must be at most 30 days" },
        { """{"energyWh":5000,"pricePerKwhNgwee":100,"expiresAt":"{tomorrow}","acceptsMobileMoney":"yes"}""", "acceptsMobileMoney must be true or false" },
        { """{"energyWh":5000,"pricePerKwhNgwee":100,"expiresAt":"{tomorrow}","marketId":null}""", "marketId cannot be null" },
        { """{"energyWh":5000,"pricePerKwhNgwee":100,"expiresAt":"{tomorrow}","marketId":"\ud800"}""", "marketId is not valid text" },
        { """{"energyWh":5000,"pricePerKwhNgwee":100,"expiresAt":"{tomorrow}","foo":1}""", "Unknown field 'foo'" },
        { """{"energyWh":5000,"pricePerkWhNgwee":100,"expiresAt":"{tomorrow}"}""", "Unknown field 'pricePerkWhNgwee'" },
        { """{"energyWh":5000,"energyWh":6000,"pricePerKwhNgwee":100,"expiresAt":"{tomorrow}"}""", "energyWh is given more than once" },
        { """{"energyWh":5000,"pricePerKwhNgwee":100,"expiresAt":""", "The request body is not valid JSON" },
        { """{"energyWh":5000,}""", "The request body is not valid JSON" },
        { """[{"energyWh":5000}]""", "The request body must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(MalformedOffers))]
    public async Task A_malformed_offer_is_refused_naming_the_field_and_nothing_is_offered(string template, string words)
    {
        var (sellerId, token) = await SellerAsync();
        var body = template.Replace("{tomorrow}", DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssZ"));

        var message = JsonCalls.AssertError(await Json.SendAsync(HttpMethod.Post, "/api/offers", token, body), HttpStatusCode.BadRequest, 3, words);

        Assert.Contains(words, message);
        await AssertNothingOfferedAsync(sellerId);
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_refused()
    {
        var (sellerId, token) = await SellerAsync();
        byte[] body = [.. """{"energyWh":5000,"pricePerKwhNgwee":100,"marketId":"""u8, 0x22, 0xFF, 0xFE, 0x22, (byte)'}'];

        JsonCalls.AssertError(await Json.SendAsync(HttpMethod.Post, "/api/offers", token, body), HttpStatusCode.BadRequest, 3, "not valid UTF-8");
        await AssertNothingOfferedAsync(sellerId);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_unsupported()
    {
        var (sellerId, token) = await SellerAsync();
        var response = await Json.SendAsync(HttpMethod.Post, "/api/offers", token, "energyWh=5000", "application/x-www-form-urlencoded");

        JsonCalls.AssertError(response, HttpStatusCode.UnsupportedMediaType, 3, "application/json");
        await AssertNothingOfferedAsync(sellerId);
    }

    [Fact]
    public async Task An_empty_body_is_an_empty_request()
    {
        var userId = ApiClients.NewUserId("user");
        var token = await Json.TokenAsync(userId);

        // Before: "Request JSON payload is not correctly formatted." Now the service answers the (empty) request itself.
        var noBody = await Json.SendAsync(HttpMethod.Post, $"/api/wallets/{userId}/payouts", token, Array.Empty<byte>());
        JsonCalls.AssertError(noBody, HttpStatusCode.BadRequest, 9, "no earnings");

        var blank = await Json.SendAsync(HttpMethod.Post, "/api/auth/dev-token", null, "  ");
        JsonCalls.AssertError(blank, HttpStatusCode.BadRequest, 3, "userId is required");
    }

    [Theory]
    [InlineData("/api/offers?pageSize=abc", "pageSize must be a whole number")]
    [InlineData("/api/offers?pageSize=99999999999999", "pageSize must be a whole number")]
    [InlineData("/api/offers?pageSize=", "pageSize must be a whole number")]
    [InlineData("/api/offers?pageSize=1&pageSize=2", "pageSize is given more than once")]
    [InlineData("/api/offers?pagesize=5", "Unknown query parameter 'pagesize'")]
    [InlineData("/api/offers?pageSize=101", "pageSize must be between 1 and 100")]
    [InlineData("/api/market/events?afterSequence=abc", "afterSequence must be a whole number")]
    [InlineData("/api/market/events?afterSequence=9223372036854775808", "afterSequence must be a whole number")]
    [InlineData("/api/market/events?afterSequence=-1", "afterSequence cannot be negative")]
    [InlineData("/api/operator/payments?maxListed=1e3", "maxListed must be a whole number")]
    public async Task A_malformed_query_is_refused_naming_the_field(string path, string words)
    {
        var token = await Json.TokenAsync(ApiClients.NewUserId("ops"), "operator");
        JsonCalls.AssertError(await Json.SendAsync(HttpMethod.Get, path, token), HttpStatusCode.BadRequest, 3, words);
    }

    [Fact]
    public async Task A_query_cannot_override_the_user_in_the_path()
    {
        var userId = ApiClients.NewUserId("user");
        var token = await Json.TokenAsync(userId);
        var other = ApiClients.NewUserId("other");

        // The framework let ?userId= replace the path's user; the URL would say one user and the request another.
        JsonCalls.AssertError(await Json.SendAsync(HttpMethod.Get, $"/api/wallets/{other}?userId={userId}", token), HttpStatusCode.BadRequest, 3, "userId is part of the URL path");
    }

    [Fact]
    public async Task The_json_market_stream_still_streams()
    {
        var market = new Market(Api);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/market/events?marketId={market.Id}");
        using var response = await fixture.Host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token), Encoding.UTF8);

        // The headers came once the subscription was live, so the offer's event arrives while the response is open.
        var (_, _, offer) = await market.SellerWithOfferAsync(10_000, 2_000, 500);
        while (true)
        {
            var line = await lines.ReadLineAsync(cancel.Token);
            Assert.NotNull(line);
            if (line.Length == 0)
            {
                continue;
            }

            var e = JsonDocument.Parse(line).RootElement;
            if (e.GetProperty("offerId").GetString() == offer.OfferId)
            {
                Assert.Equal("offer-created", e.GetProperty("type").GetString());
                return;
            }
        }
    }

    private async Task<(string SellerId, string Token)> SellerAsync()
    {
        var sellerId = ApiClients.NewUserId("seller");
        await Api.CreditGenerationAsync(sellerId, 10_000);
        return (sellerId, await Json.TokenAsync(sellerId));
    }

    private async Task AssertNothingOfferedAsync(string sellerId)
    {
        var wallet = await Api.WalletAsync(sellerId, await Api.TokenAsync(sellerId));
        Assert.Equal((10_000L, 0L), (wallet.AvailableWh, wallet.ReservedWh));
    }
}
