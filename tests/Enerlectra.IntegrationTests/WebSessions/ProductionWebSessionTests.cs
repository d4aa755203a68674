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

    private static Task<BrowserSession.Answer> SignInWithAsync(BrowserSession browser, string token, string? host = null) =>
        browser.SendAsync(
            HttpMethod.Post, "/api/session", JsonSerializer.Serialize(new { deviceId = browser.DeviceId }),
            headers: new() { ["Authorization"] = "Bearer " + token }, host: host);
}
