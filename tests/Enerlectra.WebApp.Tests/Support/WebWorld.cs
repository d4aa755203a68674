using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Enerlectra.Api.V1;
using Enerlectra.Gateway.Hosting;
using Enerlectra.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Enerlectra.WebApp.Tests.Support;

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebWorld>
{
    public const string Name = "web";
}

/// <summary>A browser and the real gateway (no chain) serving the built app, shared by the tests of the collection.</summary>
public sealed class WebWorld : IAsyncLifetime
{
    public Browsers Browsers { get; } = new();

    public TestGateway Gateway { get; private set; } = null!;

    public string BaseUrl => $"http://127.0.0.1:{Gateway.HttpPort}";

    public async Task InitializeAsync()
    {
        await Browsers.InitializeAsync();
        // Earnings stay in the wallet (no automatic payout) so the seller's figures are exact.
        // Free ports are picked a moment before they are bound; on a busy machine another process may take one first.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Payouts:Enabled"] = "false" });
                break;
            }
            catch (Exception e) when (attempt < 3 && e.GetType().Name == "AddressInUseException")
            {
            }
        }

        WebPages.EnsureServed(Gateway);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Browsers.DisposeAsync();
    }
}

/// <summary>What the tests do in the app and, to arrange or check, through the public API and the sandbox.</summary>
public static class WebPages
{
    public static void EnsureServed(TestGateway gateway)
    {
        if (WebAppSetup.WebAppRoot(gateway.App.Configuration) is null)
        {
            throw new InvalidOperationException(
                "The gateway has no built web app (wwwroot/index.html beside it): the build needs Node.js 20 (see src/WebApp).");
        }
    }

    public static string NewUser(string role) => $"{role}-{Guid.NewGuid():N}"[..20];

    /// <summary>A fresh MTN number (096 ...) ending in <paramref name="ending"/> (the sandbox's scenario for payments).</summary>
    public static string MtnPhone(string ending) => $"096{RandomNumberGenerator.GetInt32(100, 1000)}{ending}";

    /// <summary>A new browser context (its own cookies: another device), signed in through the sign-in page.</summary>
    public static async Task<IPage> SignInAsync(IBrowser browser, string baseUrl, string userId, ITestOutputHelper output, int width = 1280, int height = 900)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
        });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type is "error" or "warning") output.WriteLine($"[{userId} console {m.Type}] {m.Text}"); };
        page.PageError += (_, e) => output.WriteLine($"[{userId} page error] {e}");
        await page.GotoAsync("/");
        await page.GetByLabel("User id").FillAsync(userId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-in")).ToHaveTextAsync($"Signed in as {userId}");
        return page;
    }

    public static ILocator Toast(IPage page, string text) => page.GetByTestId("toast").Filter(new() { HasText = text });

    public static ILocator Offer(IPage page, string text) => page.GetByTestId("offer").Filter(new() { HasText = text });

    public static async Task<Metadata> AuthAsync(GrpcChannel channel, string userId, params string[] roles)
    {
        var request = new IssueDevTokenRequest { UserId = userId };
        request.Roles.Add(roles);
        var token = await new AuthService.AuthServiceClient(channel).IssueDevTokenAsync(request);
        return new Metadata { { "authorization", $"Bearer {token.AccessToken}" } };
    }

    public static async Task<Offer> OfferAsync(GrpcChannel channel, string sellerId, long wh, long pricePerKwhNgwee)
    {
        await MeteredGeneration.CreditAsync(channel, sellerId, wh);
        return await new OfferService.OfferServiceClient(channel).CreateOfferAsync(new CreateOfferRequest
        {
            EnergyWh = wh,
            PricePerKwhNgwee = pricePerKwhNgwee,
            ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
        }, await AuthAsync(channel, sellerId));
    }

    public static async Task<Wallet> WalletAsync(GrpcChannel channel, string userId) =>
        await new WalletService.WalletServiceClient(channel).GetWalletAsync(new GetWalletRequest { UserId = userId }, await AuthAsync(channel, userId));

    public static async Task<Offer> GetOfferAsync(GrpcChannel channel, string offerId) =>
        await new OfferService.OfferServiceClient(channel).GetOfferAsync(new GetOfferRequest { OfferId = offerId });

    /// <summary>Trade payments (not phone verifications) the sandbox collected from <paramref name="phone"/> over MTN: (count, ngwee).</summary>
    public static async Task<(int Count, long Ngwee)> MtnTradeCollectionsAsync(Uri sandbox, string phone)
    {
        using var http = new HttpClient { BaseAddress = sandbox };
        var ledger = await http.GetFromJsonAsync<JsonElement>("/sandbox/mtn/collections/ledger");
        var digits = new string(phone.Where(char.IsDigit).ToArray())[^9..];
        foreach (var party in ledger.GetProperty("parties").EnumerateArray())
        {
            if (party.GetProperty("msisdn").GetString()!.EndsWith(digits, StringComparison.Ordinal))
            {
                return (party.GetProperty("count").GetInt32() - party.GetProperty("verificationCount").GetInt32(),
                        party.GetProperty("totalNgwee").GetInt64() - party.GetProperty("verificationNgwee").GetInt64());
            }
        }

        return (0, 0);
    }

    /// <summary>The payer approves a collection the sandbox is holding (scenario ending 0004); the reference is the trade id.</summary>
    public static async Task ApproveMtnCollectionAsync(Uri sandbox, string tradeId)
    {
        using var http = new HttpClient { BaseAddress = sandbox };
        using var response = await http.PostAsync($"/sandbox/mtn/collections/{tradeId}/approve", null);
        response.EnsureSuccessStatusCode();
    }
}
