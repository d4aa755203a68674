using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Enerlectra.IntegrationTests.Support;

namespace Enerlectra.IntegrationTests.WebSessions;

/// <summary>
/// Web sessions on a production gateway (PostgreSQL, a secret signing key, no dev tokens): signing in by name is refused,
/// a token from the configured issuer is exchanged for a session, and the session's family outlives a gateway restart.
/// </summary>
public sealed class ProductionWebSessionTests : IAsyncLifetime
{
    private const string Issuer = "enerlectra";
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    private Dictionary<string, string?> Production() => new()
    {
        ["Postgres:ConnectionString"] = _database.ConnectionString,
        ["Auth:DevTokensEnabled"] = "false",
        ["Auth:SigningKey"] = _signingKey,
        ["Sandbox:Enabled"] = "false",
        ["Dashboard:Enabled"] = "false",
        ["Security:IdKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    [Fact]
    public async Task Production_refuses_the_dev_sign_in_and_exchanges_an_issuer_token_for_a_lasting_session()
    {
        var ports = TestGatewayPorts.Take();
        var settings = Production();
        BrowserSession browser;
        await using (var gateway = await TestGateway.StartAsync(settings, ports, environment: "Production"))
        {
            browser = new BrowserSession(gateway.HttpPort);

            var byName = await browser.SignInAsync("mallory");
            JsonCalls.AssertError(byName.AsCall(), HttpStatusCode.Unauthorized, 16, "Bearer");
            Assert.Empty(byName.SetCookies);

            // A token of another key (the published development one, say) is not the issuer's.
            var forged = await SignInWithAsync(browser, TestTokens.Issue("mallory", [], Enerlectra.Hosting.Profiles.DevelopmentValues.SigningKey, Issuer));
            Assert.Equal(HttpStatusCode.Unauthorized, forged.Status);

            var signIn = await SignInWithAsync(browser, TestTokens.Issue("alice-prod", [], _signingKey, Issuer), host: "app.enerlectra.example");
            Assert.Equal(HttpStatusCode.OK, signIn.Status);
            Assert.Equal("alice-prod", signIn.Json!.Value.GetProperty("userId").GetString());
            Assert.All(signIn.SetCookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
            Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, "/api/wallets/alice-prod")).Status);
        }

        // The family lives in PostgreSQL: after a restart the refresh token still rotates, and only once.
        await using (var restarted = await TestGateway.StartAsync(settings, ports, environment: "Production"))
        {
            var before = browser.Refresh;
            Assert.Equal(HttpStatusCode.OK, (await browser.RefreshAsync()).Status);
            Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, "/api/wallets/alice-prod")).Status);
            using var thief = new BrowserSession(restarted.HttpPort, browser.DeviceId) { Refresh = before };
            Assert.Equal(HttpStatusCode.Unauthorized, (await thief.RefreshAsync()).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SessionAsync()).Status);
        }

        browser.Dispose();
    }

    [Fact]
    public async Task Production_points_the_app_to_the_issuer_and_takes_each_valid_issuer_token_once()
    {
        var settings = Production();
        settings["WebApp:SignInUrl"] = "https://id.example.zm/sign-in?client=enerlectra";
        settings["WebApp:SignInName"] = "Lusaka ID";
        await using var gateway = await TestGateway.StartAsync(settings, environment: "Production");
        using var browser = new BrowserSession(gateway.HttpPort);

        var choices = await browser.SendAsync(HttpMethod.Get, "/api/session/sign-in");
        Assert.Equal(HttpStatusCode.OK, choices.Status);
        Assert.False(choices.Json!.Value.GetProperty("devSignIn").GetBoolean());
        Assert.Equal("Lusaka ID", choices.Json!.Value.GetProperty("issuerName").GetString());
        Assert.Equal("https://id.example.zm/sign-in?client=enerlectra", choices.Json!.Value.GetProperty("signInUrl").GetString());

        // Tokens that are not the issuer's (another key, another issuer, not a token at all) start nothing.
        foreach (var bad in new[]
                 {
                     TestTokens.Issue("eve-prod", [], Enerlectra.Hosting.Profiles.DevelopmentValues.SigningKey, Issuer),
                     TestTokens.Issue("eve-prod", [], _signingKey, "someone-else"),
                     "not-a-token",
                 })
        {
            using var attacker = new BrowserSession(gateway.HttpPort);
            var refused = await SignInWithAsync(attacker, bad);
            JsonCalls.AssertError(refused.AsCall(), HttpStatusCode.Unauthorized, 16, "not valid");
            Assert.Empty(refused.SetCookies);
        }

        // A valid token starts one session; the same token again (copied from the address bar, say) is refused.
        var token = TestTokens.Issue("amara-prod", [], _signingKey, Issuer);
        var signIn = await SignInWithAsync(browser, token);
        Assert.Equal(HttpStatusCode.OK, signIn.Status);
        Assert.Equal("amara-prod", signIn.Json!.Value.GetProperty("userId").GetString());
        using var copy = new BrowserSession(gateway.HttpPort);
        var again = await SignInWithAsync(copy, token);
        JsonCalls.AssertError(again.AsCall(), HttpStatusCode.Unauthorized, 16, "already used");
        Assert.Empty(again.SetCookies);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.SendAsync(HttpMethod.Get, "/api/wallets/amara-prod")).Status);

        // The first session is unaffected, and a fresh token from the issuer signs in again.
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, "/api/wallets/amara-prod")).Status);
        await Task.Delay(1_100); // a token issued in another second is another token
        Assert.Equal(HttpStatusCode.OK, (await SignInWithAsync(copy, TestTokens.Issue("amara-prod", [], _signingKey, Issuer))).Status);
    }

    private static Task<BrowserSession.Answer> SignInWithAsync(BrowserSession browser, string token, string? host = null) =>
        browser.SendAsync(
            HttpMethod.Post, "/api/session", JsonSerializer.Serialize(new { deviceId = browser.DeviceId }),
            headers: new() { ["Authorization"] = "Bearer " + token }, host: host);
}
