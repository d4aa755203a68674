using System.Security.Cryptography;
using Enerlectra.Testing;
using Enerlectra.WebApp.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Enerlectra.WebApp.Tests;

/// <summary>
/// The app served by a production-profile gateway (PostgreSQL, a secret signing key, no dev tokens): no user picker,
/// a link to the configured issuer, and the issuer's token, brought back in the address, exchanged once for a session.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ProductionSignInTests(WebWorld world, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Issuer = "enerlectra";
    private const string SignInUrl = "https://id.example.zm/sign-in?client=enerlectra";
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task In_production_the_sign_in_screen_links_to_the_issuer_without_the_dev_picker_and_takes_its_token_once()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Postgres:ConnectionString"] = _database.ConnectionString,
            ["Auth:DevTokensEnabled"] = "false",
            ["Auth:SigningKey"] = _signingKey,
            ["Sandbox:Enabled"] = "false",
            ["Dashboard:Enabled"] = "false",
            ["Security:IdKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["WebApp:SignInUrl"] = SignInUrl,
            ["WebApp:SignInName"] = "Lusaka ID",
        }, environment: "Production");
        WebPages.EnsureServed(gateway);
        var context = await world.Browsers.Browser.NewContextAsync(new() { BaseURL = $"http://127.0.0.1:{gateway.HttpPort}" });
        var page = await context.NewPageAsync();
        page.PageError += (_, e) => output.WriteLine($"[page error] {e}");

        await page.GotoAsync("/");
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Lusaka ID" });
        await Expect(link).ToHaveAttributeAsync("href", SignInUrl);
        await Expect(page.GetByLabel("User id")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "alice" })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("sign-in")).Not.ToContainTextAsync("Development");
        await Screens.SaveAsync(page, "13-production-sign-in", output);

        // The issuer sends the browser back with its token in the fragment: signed in, and the token gone from the address.
        var token = TestTokens.Issue("amara-web", [], _signingKey, Issuer);
        await page.GotoAsync("about:blank");
        await page.GotoAsync("/#access_token=" + token);
        await Expect(page.GetByTestId("signed-in")).ToHaveTextAsync("Signed in as amara-web");
        Assert.DoesNotContain("access_token", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("#offers-title")).ToBeVisibleAsync();

        // The same token in another browser (copied from a history, say) starts nothing.
        var other = await world.Browsers.Browser.NewContextAsync(new() { BaseURL = $"http://127.0.0.1:{gateway.HttpPort}" });
        var copy = await other.NewPageAsync();
        await copy.GotoAsync("/#access_token=" + token);
        await Expect(copy.GetByText("That sign-in did not work or was already used.")).ToBeVisibleAsync();
        await Expect(copy.GetByRole(AriaRole.Link, new() { Name = "Sign in with Lusaka ID" })).ToBeVisibleAsync();
        await Expect(copy.GetByTestId("signed-in")).ToHaveCountAsync(0);

        // A token of another key (the published development one) starts nothing either.
        await copy.GotoAsync("about:blank");
        await copy.GotoAsync("/#access_token=" + TestTokens.Issue("amara-web", [], Enerlectra.Hosting.Profiles.DevelopmentValues.SigningKey, Issuer));
        await Expect(copy.GetByText("That sign-in did not work or was already used.")).ToBeVisibleAsync();
        await Expect(copy.GetByTestId("signed-in")).ToHaveCountAsync(0);

        await other.CloseAsync();
        await context.CloseAsync();
    }
}
