using System.Net;
using System.Text;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Issue 8, item 12: request bodies were bounded only by Kestrel's 30 MB default, far beyond any request of this API,
/// and an oversized JSON body came back as 400 with the framework's words. Now JSON routes take at most 16 KB
/// (413 beyond), gRPC messages at most 16 KB (RESOURCE_EXHAUSTED), and provider callbacks keep their 64 KB.
/// </summary>
public sealed class RequestSizeTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const int JustOverTheLimit = 16 * 1024 + 1;

    private ApiClients Api => fixture.Api;

    private JsonCalls Json => new(fixture.Host.Http);

    [Theory]
    [InlineData(JustOverTheLimit, false)]
    [InlineData(JustOverTheLimit, true)]           // chunked: no Content-Length to refuse it by; the limit holds while reading
    [InlineData(4 * 1024 * 1024, false)]           // refused by its Content-Length, unread
    public async Task An_oversized_json_body_is_413_and_offers_nothing(int size, bool chunked)
    {
        var sellerId = ApiClients.NewUserId("seller");
        await Api.CreditGenerationAsync(sellerId, 10_000);
        var token = await Json.TokenAsync(sellerId);

        // A well-formed offer, padded with spaces: only its size is wrong.
        var offer = $$"""{"energyWh":5000,"pricePerKwhNgwee":100,"expiresAt":"{{DateTimeOffset.UtcNow.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}}"}""";
        var body = Encoding.UTF8.GetBytes(offer + new string(' ', size - offer.Length));
        var response = await Json.SendAsync(HttpMethod.Post, "/api/offers", token, body, chunked: chunked, expectContinue: size > JustOverTheLimit);

        var message = JsonCalls.AssertError(response, HttpStatusCode.RequestEntityTooLarge, 8, "too large");
        Assert.Contains("16384 bytes", message);
        var wallet = await Api.WalletAsync(sellerId, await Api.TokenAsync(sellerId));
        Assert.Equal((10_000L, 0L), (wallet.AvailableWh, wallet.ReservedWh));
    }

    [Fact]
    public async Task A_body_within_the_limit_is_read()
    {
        var sellerId = ApiClients.NewUserId("seller");
        await Api.CreditGenerationAsync(sellerId, 10_000);
        var offer = $$"""{"energyWh":5000,"pricePerKwhNgwee":100,"expiresAt":"{{DateTimeOffset.UtcNow.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}}"}""";
        var body = Encoding.UTF8.GetBytes(offer + new string(' ', 16 * 1024 - offer.Length));

        var (status, text) = await Json.SendAsync(HttpMethod.Post, "/api/offers", await Json.TokenAsync(sellerId), body, chunked: true);
        Assert.True(status == HttpStatusCode.OK, text);
    }

    [Fact]
    public async Task An_oversized_grpc_message_is_resource_exhausted()
    {
        var (sellerId, token) = await SellerAsync();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Api.Offers.CreateOfferAsync(Padded(), token));
        Assert.True(error.StatusCode == StatusCode.ResourceExhausted, $"{error.StatusCode}: {error.Status.Detail} {error.Status.DebugException}");
        Assert.Equal(10_000L, (await Api.WalletAsync(sellerId, token)).AvailableWh);
    }

    [Fact]
    public async Task An_oversized_grpc_web_message_is_resource_exhausted()
    {
        var (sellerId, token) = await SellerAsync();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{fixture.Host.HttpPort}", new GrpcChannelOptions
        {
            // The port is HTTP/1.1 only, as a browser behind a plain proxy would use it.
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new HttpClientHandler()),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        var offers = new OfferService.OfferServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await offers.CreateOfferAsync(Padded(), token));
        Assert.True(error.StatusCode == StatusCode.ResourceExhausted, $"{error.StatusCode}: {error.Status.Detail} {error.Status.DebugException}");
        Assert.Equal(10_000L, (await Api.WalletAsync(sellerId, token)).AvailableWh);
    }

    [Fact]
    public async Task Provider_callbacks_keep_their_own_larger_limit()
    {
        // Over the JSON routes' 16 KB, within the callbacks' 64 KB: read, and (an unknown trade) harmlessly ignored.
        var body = Encoding.UTF8.GetBytes("{}" + new string(' ', 40 * 1024));
        var (status, text) = await Json.SendAsync(HttpMethod.Put, $"/api/callbacks/mtn/{Guid.NewGuid()}", null, body, chunked: true);
        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {text}");
    }

    [Fact]
    public async Task Every_service_mapped_with_its_body_limits_is_listed_by_reflection()
    {
        var reflection = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(fixture.Host.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        foreach (var expected in new[] { "enerlectra.v1.OfferService", "enerlectra.v1.TradeService", "enerlectra.v1.MarketEventService", "grpc.health.v1.Health" })
        {
            Assert.Contains(expected, services);
        }
    }

    private async Task<(string SellerId, Metadata Token)> SellerAsync()
    {
        var sellerId = ApiClients.NewUserId("seller");
        await Api.CreditGenerationAsync(sellerId, 10_000);
        return (sellerId, await Api.TokenAsync(sellerId));
    }

    /// <summary>A valid offer but for a 20 KB idempotency key: over the message limit before the key's own limit is checked.</summary>
    private static CreateOfferRequest Padded() => new()
    {
        EnergyWh = 5_000,
        PricePerKwhNgwee = 100,
        ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
        IdempotencyKey = new string('k', 20 * 1024),
    };
}
