using System.Net;
using System.Text.Json;
using Enerlectra.Abstractions.WebSessions;
using Enerlectra.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Enerlectra.IntegrationTests.WebSessions;

/// <summary>
/// The browser app's sessions over real HTTP against a real gateway (Development profile): cookies and their flags,
/// cookie-authenticated API calls, refresh rotation, reuse and device binding, logout.
/// </summary>
public sealed class WebSessionTests(WebSessionTests.Fixture fixture) : IClassFixture<WebSessionTests.Fixture>
{
    private const string AppOrigin = "http://localhost:5173";

    /// <summary>A gateway that lets the web app's development server (another port, the same site) call it.</summary>
    public sealed class Fixture : GatewayFixture
    {
        protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
        {
            ["Gateway:AllowedOrigins:0"] = AppOrigin,
        };
    }

    private BrowserSession Browser(string? deviceId = null, string? userAgent = null) =>
        userAgent is null ? new(fixture.Host.HttpPort, deviceId) : new(fixture.Host.HttpPort, deviceId, userAgent);

    private IWebSessionFamilyGrain Family(string familyId) =>
        fixture.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<IWebSessionFamilyGrain>(familyId);

    [Fact]
    public async Task Sign_in_sets_http_only_strict_cookies_and_the_cookie_authenticates_api_calls()
    {
        using var browser = Browser();
        var user = ApiClients.NewUserId("web");

        var signIn = await browser.SignInAsync(user);

        Assert.Equal(HttpStatusCode.OK, signIn.Status);
        var json = signIn.Json!.Value;
        Assert.Equal(user, json.GetProperty("userId").GetString());
        Assert.Equal(JsonValueKind.Array, json.GetProperty("roles").ValueKind);
        Assert.Empty(json.GetProperty("roles").EnumerateArray());
        var csrf = json.GetProperty("csrfToken").GetString();
        Assert.False(string.IsNullOrEmpty(csrf));
        var accessExpiresAt = json.GetProperty("accessExpiresAt").GetDateTimeOffset();
        Assert.InRange(accessExpiresAt, DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(16));

        var access = signIn.Cookie(BrowserSession.AccessCookie).ToLowerInvariant();
        Assert.Contains("httponly", access);
        Assert.Contains("samesite=strict", access);
        Assert.Contains("path=/;", access + ";");
        Assert.DoesNotContain("secure", access);   // plain HTTP to 127.0.0.1: a developer's own machine
        var refresh = signIn.Cookie(BrowserSession.RefreshCookie).ToLowerInvariant();
        Assert.Contains("httponly", refresh);
        Assert.Contains("samesite=strict", refresh);
        Assert.Contains("path=/api/session", refresh);
        Assert.DoesNotContain("secure", refresh);

        var session = await browser.SessionAsync();
        Assert.Equal(HttpStatusCode.OK, session.Status);
        Assert.Equal((user, csrf), (session.Json!.Value.GetProperty("userId").GetString(), session.Json!.Value.GetProperty("csrfToken").GetString()));

        // A JSON read, and a JSON change with the CSRF token, as the signed-in user.
        var wallet = await browser.SendAsync(HttpMethod.Get, $"/api/wallets/{user}");
        Assert.Equal(HttpStatusCode.OK, wallet.Status);
        Assert.Equal(user, wallet.Json!.Value.GetProperty("userId").GetString());
        var challenge = await browser.SendAsync(HttpMethod.Post, $"/api/wallets/{user}/connection/challenge", "{}", csrf: csrf);
        Assert.True(challenge.Status == HttpStatusCode.OK, challenge.Body);

        // Another user's wallet is still not theirs.
        var other = await browser.SendAsync(HttpMethod.Get, $"/api/wallets/{ApiClients.NewUserId("other")}");
        Assert.Equal(HttpStatusCode.Forbidden, other.Status);
    }

    [Theory]
    [InlineData("app.enerlectra.example", true)]
    [InlineData("localhost", false)]
    public async Task Cookies_are_secure_unless_the_request_is_plain_http_to_this_machine(string host, bool secure)
    {
        using var browser = Browser();

        var signIn = await browser.SignInAsync(ApiClients.NewUserId("web"), host: host);

        Assert.Equal(HttpStatusCode.OK, signIn.Status);
        foreach (var name in new[] { BrowserSession.AccessCookie, BrowserSession.RefreshCookie })
        {
            var attributes = signIn.Cookie(name).ToLowerInvariant().Split(';').Select(a => a.Trim());
            Assert.Equal(secure, attributes.Contains("secure"));
        }
    }

    [Fact]
    public async Task Without_a_session_the_session_route_and_api_calls_answer_401()
    {
        using var browser = Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SessionAsync()).Status);

        browser.Access = "not.a.token";
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SessionAsync()).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(HttpMethod.Get, "/api/wallets/nobody")).Status);

        // A bearer token in the cookie is not a session (it names no family, so no CSRF token could be checked).
        browser.Access = (await fixture.Api.TokenAsync("bearer-in-cookie")).GetValue("authorization")!["Bearer ".Length..];
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SessionAsync()).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(HttpMethod.Get, "/api/wallets/bearer-in-cookie")).Status);
    }

    [Theory]
    [InlineData("{\"userId\":\"someone\"}")]
    [InlineData("{\"userId\":\"someone\",\"deviceId\":\"short\"}")]
    [InlineData("{\"userId\":\"someone\",\"deviceId\":\"has spaces in it, which are not allowed\"}")]
    [InlineData("{\"userId\":\"someone\",\"deviceId\":12345678901234567890}")]
    [InlineData("[1,2]")]
    [InlineData("{\"userId\":")]
    public async Task A_sign_in_without_a_valid_device_id_is_refused_naming_the_field(string body)
    {
        using var browser = Browser();

        var answer = await browser.SendAsync(HttpMethod.Post, "/api/session", body);

        JsonCalls.AssertError(answer.AsCall(), HttpStatusCode.BadRequest, 3, "deviceId");
        Assert.Empty(answer.SetCookies);
    }

    [Fact]
    public async Task A_sign_in_that_is_not_json_is_refused_as_a_cross_site_form_would_be()
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.Host.HttpPort}") };
        var body = JsonSerializer.Serialize(new { userId = ApiClients.NewUserId("web"), deviceId = BrowserSession.NewDeviceId() });

        using var answer = await client.PostAsync("/api/session", new StringContent(body, System.Text.Encoding.UTF8, "text/plain"));

        JsonCalls.AssertError((answer.StatusCode, await answer.Content.ReadAsStringAsync()), HttpStatusCode.BadRequest, 3, "Content-Type");
        Assert.False(answer.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task A_refresh_without_a_valid_device_header_is_refused_naming_it()
    {
        using var browser = Browser();
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(ApiClients.NewUserId("web"))).Status);

        var missing = await browser.SendAsync(HttpMethod.Post, "/api/session/refresh");
        JsonCalls.AssertError(missing.AsCall(), HttpStatusCode.BadRequest, 3, "X-Device-Id");

        // Nothing was consumed: the right device still refreshes.
        Assert.Equal(HttpStatusCode.OK, (await browser.RefreshAsync()).Status);
    }

    [Fact]
    public async Task A_refresh_rotates_both_tokens_and_the_old_refresh_token_is_refused()
    {
        using var browser = Browser();
        var user = ApiClients.NewUserId("web");
        var signIn = await browser.SignInAsync(user);
        var (oldAccess, oldRefresh, csrf) = (browser.Access, browser.Refresh, browser.Csrf);

        var refreshed = await browser.RefreshAsync();

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotEqual(oldRefresh, browser.Refresh);
        Assert.NotEqual(oldAccess, browser.Access);
        Assert.Equal(user, refreshed.Json!.Value.GetProperty("userId").GetString());
        // The CSRF token belongs to the sign-in, so the app's copy stays valid across refreshes.
        Assert.Equal(csrf, refreshed.Json!.Value.GetProperty("csrfToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, $"/api/wallets/{user}")).Status);
        Assert.Equal(1, (await Family(browser.FamilyId).GetAsync()).Rotations);

        // The consumed token, presented again, is refused.
        using var thief = Browser(browser.DeviceId);
        thief.Refresh = oldRefresh;
        Assert.Equal(HttpStatusCode.Unauthorized, (await thief.RefreshAsync()).Status);
        Assert.Null(thief.Access);
    }

    [Fact]
    public async Task Reusing_a_consumed_refresh_token_ends_every_session_of_the_sign_in()
    {
        using var browser = Browser();
        var user = ApiClients.NewUserId("web");
        await browser.SignInAsync(user);
        var stolen = browser.Refresh;
        Assert.Equal(HttpStatusCode.OK, (await browser.RefreshAsync()).Status);
        var familyId = browser.FamilyId;

        // A thief (on the same device id and browser, as a copied cookie jar would be) replays the consumed token.
        using var thief = Browser(browser.DeviceId);
        thief.Refresh = stolen;
        var reuse = await thief.RefreshAsync();
        JsonCalls.AssertError(reuse.AsCall(), HttpStatusCode.Unauthorized, 16, "already used");

        // The owner's newer tokens stopped working too: the refresh token, and the access token at once.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(HttpMethod.Get, $"/api/wallets/{user}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SessionAsync()).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.RefreshAsync()).Status);

        var family = await Family(familyId).GetAsync();
        Assert.False(family.IsActive);
        Assert.Contains(family.Events, e => e.Kind == WebSessionEventKind.RefreshReused);
    }

    [Fact]
    public async Task A_refresh_from_another_device_or_browser_is_refused_and_recorded()
    {
        using var browser = Browser();
        var user = ApiClients.NewUserId("web");
        await browser.SignInAsync(user);
        var familyId = browser.FamilyId;

        using var otherDevice = Browser();
        otherDevice.Refresh = browser.Refresh;
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherDevice.RefreshAsync()).Status);

        using var otherBrowser = Browser(browser.DeviceId, userAgent: "curl/8.0");
        otherBrowser.Refresh = browser.Refresh;
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherBrowser.RefreshAsync()).Status);

        var family = await Family(familyId).GetAsync();
        Assert.Equal(2, family.Events.Count(e => e.Kind == WebSessionEventKind.OtherDevice));
        Assert.Contains(family.Events, e => e.Detail.Contains(otherDevice.DeviceId, StringComparison.Ordinal));

        // Neither consumed the token: the device it was issued to still refreshes.
        Assert.True(family.IsActive);
        Assert.Equal(HttpStatusCode.OK, (await browser.RefreshAsync()).Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, $"/api/wallets/{user}")).Status);
    }

    [Fact]
    public async Task Logout_clears_the_cookies_and_ends_the_session_for_whoever_kept_a_copy()
    {
        using var browser = Browser();
        var user = ApiClients.NewUserId("web");
        await browser.SignInAsync(user);
        var familyId = browser.FamilyId;
        using var copy = Browser(browser.DeviceId);
        (copy.Access, copy.Refresh) = (browser.Access, browser.Refresh);

        var signOut = await browser.SignOutAsync();

        Assert.Equal(HttpStatusCode.NoContent, signOut.Status);
        Assert.Null(browser.Access);
        Assert.Null(browser.Refresh);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.SessionAsync()).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.SendAsync(HttpMethod.Get, $"/api/wallets/{user}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.RefreshAsync()).Status);
        Assert.Contains((await Family(familyId).GetAsync()).Events, e => e.Kind == WebSessionEventKind.Revoked);

        // Logging out again (or without a session) is harmless.
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SignOutAsync()).Status);
    }

    [Fact]
    public async Task In_development_the_app_is_told_it_may_sign_in_by_name()
    {
        using var browser = Browser();
        var choices = await browser.SendAsync(HttpMethod.Get, "/api/session/sign-in");
        Assert.Equal(HttpStatusCode.OK, choices.Status);
        Assert.True(choices.Json!.Value.GetProperty("devSignIn").GetBoolean());
        Assert.Equal("", choices.Json!.Value.GetProperty("signInUrl").GetString());
    }

    [Fact]
    public async Task A_bearer_token_signs_in_too_and_keeps_its_roles()
    {
        using var browser = Browser();
        var token = (await fixture.Api.TokenAsync("ops-web", "operator")).GetValue("authorization")!;

        var signIn = await browser.SendAsync(
            HttpMethod.Post, "/api/session", JsonSerializer.Serialize(new { deviceId = browser.DeviceId }), headers: new() { ["Authorization"] = token });

        Assert.Equal(HttpStatusCode.OK, signIn.Status);
        Assert.Equal("ops-web", signIn.Json!.Value.GetProperty("userId").GetString());
        Assert.Equal(["operator"], signIn.Json!.Value.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, "/api/operator/payments")).Status);

        // A session's own access token is not a sign-in credential: sessions cannot extend themselves forever.
        using var again = Browser();
        var refused = await again.SendAsync(
            HttpMethod.Post, "/api/session", JsonSerializer.Serialize(new { deviceId = again.DeviceId }), headers: new() { ["Authorization"] = "Bearer " + browser.Access });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
    }

    [Theory]
    [InlineData(AppOrigin, true)]
    [InlineData("http://evil.example", false)]
    public async Task Only_the_configured_origins_may_make_a_browser_send_the_session_cookies(string origin, bool allowed)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.Host.HttpPort}") };
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/session/refresh");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-device-id");

        using var answer = await client.SendAsync(preflight);

        Assert.Equal(allowed, answer.Headers.TryGetValues("Access-Control-Allow-Origin", out var origins) && origins.Single() == origin);
        Assert.Equal(allowed, answer.Headers.TryGetValues("Access-Control-Allow-Credentials", out var credentials) && credentials.Single() == "true");
    }
}
