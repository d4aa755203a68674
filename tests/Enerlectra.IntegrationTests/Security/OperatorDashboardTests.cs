using System.Net;
using System.Text.RegularExpressions;
using Enerlectra.IntegrationTests.Support;

namespace Enerlectra.IntegrationTests.Security;

/// <summary>
/// The Orleans dashboard shows grain internals, reminders and the live log: only operators who signed in (a cookie
/// session made from an operator token) may see any of it.
/// </summary>
public sealed partial class OperatorDashboardTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly string[] DashboardPaths = ["/dashboard/", "/dashboard/Trace", "/dashboard/Reminders", "/dashboard/DashboardCounters"];

    [Fact]
    public async Task Nobody_sees_the_dashboard_without_signing_in()
    {
        using var browser = Browser();
        foreach (var path in DashboardPaths)
        {
            using var answer = await browser.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            Assert.StartsWith("/operator/sign-in", answer.Headers.Location!.PathAndQuery);
        }

        // A bearer token, even an operator's, is not a dashboard session: the dashboard takes the cookie only.
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/dashboard/Reminders");
        bearer.Headers.Add("Authorization", (await fixture.Api.TokenAsync("ops-bearer", "operator")).GetValue("authorization"));
        using var refused = await browser.SendAsync(bearer);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
    }

    [Fact]
    public async Task A_user_who_is_not_an_operator_cannot_sign_in()
    {
        using var browser = Browser();
        var token = Bearer(await fixture.Api.TokenAsync(ApiClients.NewUserId("alice")));

        using var answer = await SignInAsync(browser, new() { ["token"] = token });

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Contains("does not carry the operator role", await answer.Content.ReadAsStringAsync());
        Assert.DoesNotContain(answer.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("enerlectra-operator=", StringComparison.Ordinal));
        using var dashboard = await browser.GetAsync("/dashboard/Reminders");
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
    }

    [Fact]
    public async Task A_forged_token_cannot_sign_in()
    {
        using var browser = Browser();
        var forged = TestTokens.Issue("mallory", ["operator"], Convert.ToBase64String(new byte[32]), issuer: "enerlectra-dev");

        using var answer = await SignInAsync(browser, new() { ["token"] = forged });

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        using var dashboard = await browser.GetAsync("/dashboard/Reminders");
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
    }

    [Fact]
    public async Task An_operator_signs_in_with_a_token_and_gets_an_http_only_strict_session()
    {
        using var browser = Browser();
        var token = Bearer(await fixture.Api.TokenAsync("ops-1", "operator"));

        using var answer = await SignInAsync(browser, new() { ["token"] = token, ["returnUrl"] = "/dashboard/" });

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/dashboard/", answer.Headers.Location!.OriginalString);
        var cookie = Assert.Single(answer.Headers.GetValues("Set-Cookie"), c => c.StartsWith("enerlectra-operator=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        foreach (var path in DashboardPaths)
        {
            using var page = await browser.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        // Signing out ends the session.
        using var signOut = await PostFormAsync(browser, "/operator/sign-out", []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        using var after = await browser.GetAsync("/dashboard/Reminders");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task The_development_profile_signs_an_operator_in_by_name()
    {
        using var browser = Browser();
        using var answer = await SignInAsync(browser, new() { ["devOperator"] = "ops-dev" });
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        using var page = await browser.GetAsync("/dashboard/Reminders");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_without_the_form_token_is_refused()
    {
        using var browser = Browser();
        var token = Bearer(await fixture.Api.TokenAsync("ops-2", "operator"));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token });

        using var answer = await browser.PostAsync("/operator/sign-in", form);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        using var dashboard = await browser.GetAsync("/dashboard/Reminders");
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task Sign_in_never_sends_an_operator_to_another_site(string returnUrl)
    {
        using var browser = Browser();
        var token = Bearer(await fixture.Api.TokenAsync("ops-3", "operator"));

        using var answer = await SignInAsync(browser, new() { ["token"] = token, ["returnUrl"] = returnUrl });

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/dashboard", answer.Headers.Location!.OriginalString);
    }

    private HttpClient Browser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{fixture.Host.HttpPort}"),
        };

    private static string Bearer(Grpc.Core.Metadata token) => token.GetValue("authorization")!["Bearer ".Length..];

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, Dictionary<string, string> fields) =>
        PostFormAsync(browser, "/operator/sign-in", fields);

    /// <summary>Posts a form the way the sign-in page does: with the antiforgery token the page carries.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string path, Dictionary<string, string> fields)
    {
        var page = await browser.GetStringAsync("/operator/sign-in");
        var field = AntiforgeryField().Match(page);
        Assert.True(field.Success, "the sign-in page carries an antiforgery field");
        fields[WebUtility.HtmlDecode(field.Groups[1].Value)] = WebUtility.HtmlDecode(field.Groups[2].Value);
        using var form = new FormUrlEncodedContent(fields);
        return await browser.PostAsync(path, form);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex AntiforgeryField();
}
