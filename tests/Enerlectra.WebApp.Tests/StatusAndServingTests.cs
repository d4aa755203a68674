using System.Net;
using System.Text.RegularExpressions;
using Enerlectra.WebApp.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Enerlectra.WebApp.Tests;

/// <summary>The status panel without a chain, and how the gateway serves the app next to its own routes.</summary>
[Collection(WebCollection.Name)]
public sealed class StatusAndServingTests(WebWorld world, ITestOutputHelper output)
{
    [Fact]
    public async Task Without_a_chain_the_status_panel_shows_mobile_money_on_and_wallet_payments_off_in_plain_words()
    {
        var page = await WebPages.SignInAsync(world.Browsers.Browser, world.BaseUrl, WebPages.NewUser("status"), output);
        await page.GetByRole(AriaRole.Link, new() { Name = "System status" }).ClickAsync();
        Assert.EndsWith("/status", page.Url);

        await Expect(page.GetByTestId("status-overall")).ToHaveTextAsync("Everything is working");
        await Expect(page.GetByTestId("feature-mobile-money")).ToContainTextAsync("On");
        await Expect(page.GetByTestId("feature-wallet")).ToContainTextAsync("Off");
        await Expect(page.GetByTestId("feature-record")).ToContainTextAsync("Off");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "How payments work" })).ToBeVisibleAsync();
        // Plain words unless the user opens the details.
        var visible = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotMatch(new Regex("chain|block|token|contract", RegexOptions.IgnoreCase), visible);
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Update now" }).CountAsync()); // operators only
        await Screens.SaveAsync(page, "12-status-without-chain", output);

        // A reload of an app route is served the app (the fallback), still signed in.
        await page.ReloadAsync();
        await Expect(page.GetByTestId("status-overall")).ToHaveTextAsync("Everything is working");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_gateway_serves_the_app_compressed_under_300_KB_without_shadowing_its_own_routes()
    {
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = new Uri(world.BaseUrl) };

        using var index = new HttpRequestMessage(HttpMethod.Get, "/");
        index.Headers.AcceptEncoding.ParseAdd("gzip");
        using var indexResponse = await http.SendAsync(index);
        Assert.Equal(HttpStatusCode.OK, indexResponse.StatusCode);
        Assert.Equal("gzip", Assert.Single(indexResponse.Content.Headers.ContentEncoding));
        var html = await http.GetStringAsync("/");
        Assert.Contains("<div id=\"root\">", html);

        // Everything the first page loads, as sent (gzip): within the budget for a slow mobile connection.
        var total = indexResponse.Content.Headers.ContentLength ?? 0;
        var assets = Regex.Matches(html, "(?:src|href)=\"(/assets/[^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(assets);
        foreach (var asset in assets)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, asset);
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
            Assert.Contains("immutable", response.Headers.CacheControl!.ToString());
            total += response.Content.Headers.ContentLength ?? (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        output.WriteLine($"initial load: {total} bytes gzip in {assets.Count + 1} files");
        Assert.InRange(total, 1, 300 * 1024);

        // The app's routes get the app; the server's own paths keep their answers.
        Assert.Contains("<div id=\"root\">", await http.GetStringAsync("/wallet"));
        using var unknownApi = await http.GetAsync("/api/no-such-route");
        Assert.Equal(HttpStatusCode.NotFound, unknownApi.StatusCode);
        Assert.DoesNotContain("<div id=\"root\">", await unknownApi.Content.ReadAsStringAsync());
        using var health = await http.GetAsync("/health");
        Assert.Equal("application/json", health.Content.Headers.ContentType?.MediaType);
        using var offers = await http.GetAsync("/api/offers");
        Assert.Equal("application/json", offers.Content.Headers.ContentType?.MediaType);
        using var dashboard = await http.GetAsync("/dashboard/no-such-page");
        Assert.DoesNotContain("<div id=\"root\">", await dashboard.Content.ReadAsStringAsync());
    }
}
