using System.Net;
using System.Text.Json;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;

namespace Enerlectra.IntegrationTests.WebSessions;

/// <summary>
/// A cookie is sent by the browser on its own, so a cookie-authenticated change (JSON or gRPC-Web) must also carry the
/// session's CSRF token, which only our app can read; without it nothing changes. Bearer callers need no such header.
/// </summary>
public sealed class CsrfTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const long Generated = 10_000;

    private static string OfferJson(long wh) =>
        JsonSerializer.Serialize(new { energyWh = wh, pricePerKwhNgwee = 1_000, expiresAt = DateTimeOffset.UtcNow.AddHours(6).ToString("O") });

    [Fact]
    public async Task A_json_change_without_the_right_csrf_token_is_refused_and_changes_nothing()
    {
        var (browser, seller) = await SignedInSellerAsync();
        using var _ = browser;

        var missing = await browser.SendAsync(HttpMethod.Post, "/api/offers", OfferJson(5_000));
        JsonCalls.AssertError(missing.AsCall(), HttpStatusCode.Forbidden, 7, "X-CSRF-Token");
        var wrong = await browser.SendAsync(HttpMethod.Post, "/api/offers", OfferJson(5_000), csrf: "not-the-token");
        JsonCalls.AssertError(wrong.AsCall(), HttpStatusCode.Forbidden, 7, "X-CSRF-Token");
        // Another session's token is just as wrong.
        using var other = new BrowserSession(fixture.Host.HttpPort);
        await other.SignInAsync(ApiClients.NewUserId("other"));
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(HttpMethod.Post, "/api/offers", OfferJson(5_000), csrf: other.Csrf)).Status);

        var wallet = (await browser.SendAsync(HttpMethod.Get, $"/api/wallets/{seller}")).Json!.Value;
        Assert.Equal((Generated, 0L), (wallet.GetProperty("availableWh").GetInt64(), wallet.GetProperty("reservedWh").GetInt64()));

        var created = await browser.SendAsync(HttpMethod.Post, "/api/offers", OfferJson(5_000), csrf: browser.Csrf);
        Assert.True(created.Status == HttpStatusCode.OK, created.Body);
        wallet = (await browser.SendAsync(HttpMethod.Get, $"/api/wallets/{seller}")).Json!.Value;
        Assert.Equal((Generated - 5_000, 5_000L), (wallet.GetProperty("availableWh").GetInt64(), wallet.GetProperty("reservedWh").GetInt64()));

        // DELETE is a change too.
        var offerId = created.Json!.Value.GetProperty("offerId").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(HttpMethod.Delete, $"/api/offers/{offerId}")).Status);
        Assert.Equal("open", (await browser.SendAsync(HttpMethod.Get, $"/api/offers/{offerId}")).Json!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_grpc_web_change_with_the_session_cookie_needs_the_csrf_token_too()
    {
        var (browser, seller) = await SignedInSellerAsync();
        using var _ = browser;
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{fixture.Host.HttpPort}", new GrpcChannelOptions
        {
            // As a browser sends it: gRPC-Web over HTTP/1.1, the cookie as a header the test sets itself.
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWebText, new HttpClientHandler { UseCookies = false }),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        var offers = new OfferService.OfferServiceClient(channel);
        var cookie = new Metadata { { "cookie", $"{BrowserSession.AccessCookie}={browser.Access}" } };
        var request = new CreateOfferRequest { EnergyWh = 4_000, PricePerKwhNgwee = 1_000, ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(6)) };

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await offers.CreateOfferAsync(request, cookie));
        Assert.True(refused.StatusCode == StatusCode.PermissionDenied, refused.ToString());
        Assert.Contains("X-CSRF-Token", refused.Status.Detail);
        // Every gRPC-Web call is a POST, reads too, so the app sends the header with all of them.
        var withCsrf = new Metadata { cookie[0], { "x-csrf-token", browser.Csrf! } };
        var wallet = await new WalletService.WalletServiceClient(channel).GetWalletAsync(new GetWalletRequest { UserId = seller }, withCsrf);
        Assert.Equal((Generated, 0L), (wallet.AvailableWh, wallet.ReservedWh));

        var offer = await offers.CreateOfferAsync(request, withCsrf);
        Assert.Equal(seller, offer.SellerId);
    }

    [Fact]
    public async Task Bearer_callers_need_no_csrf_token()
    {
        var seller = ApiClients.NewUserId("seller");
        await fixture.Api.CreditGenerationAsync(seller, Generated);
        var token = (await fixture.Api.TokenAsync(seller)).GetValue("authorization")!;
        using var app = new BrowserSession(fixture.Host.HttpPort);

        var created = await app.SendAsync(HttpMethod.Post, "/api/offers", OfferJson(5_000), headers: new() { ["Authorization"] = token });

        Assert.True(created.Status == HttpStatusCode.OK, created.Body);
    }

    private async Task<(BrowserSession Browser, string Seller)> SignedInSellerAsync()
    {
        var seller = ApiClients.NewUserId("seller");
        await fixture.Api.CreditGenerationAsync(seller, Generated);
        var browser = new BrowserSession(fixture.Host.HttpPort);
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(seller)).Status);
        return (browser, seller);
    }
}
