using System.Text.RegularExpressions;
using Enerlectra.ChainIntegration.Tests.Support;
using Enerlectra.WebApp.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Enerlectra.WebApp.Tests;

/// <summary>The app against the local dev chain (ENERLECTRA_TEST_CHAIN_RPC): the status panel, and a wallet payment the contract refuses.</summary>
public sealed class ChainTests(DeployedChain chain, Browsers browsers, ITestOutputHelper output) : ChainTestBase(chain), IClassFixture<Browsers>
{
    private const long OfferWh = 5_000;
    private const long PricePerKwh = 2_500;

    [Fact]
    public async Task With_a_chain_the_status_panel_shows_wallet_payments_and_the_public_record_on()
    {
        await using var world = await HybridWorld.StartAsync(Chain);
        var page = await WebPages.SignInAsync(browsers.Browser, BaseUrl(world), HybridWorld.NewUser("status"), output);
        await page.GetByRole(AriaRole.Link, new() { Name = "System status" }).ClickAsync();

        await Expect(page.GetByTestId("status-overall")).ToHaveTextAsync("Everything is working");
        await Expect(page.GetByTestId("feature-mobile-money")).ToContainTextAsync("On");
        await Expect(page.GetByTestId("feature-wallet")).ToContainTextAsync("On");
        await Expect(page.GetByTestId("feature-record")).ToContainTextAsync("On");
        await Expect(page.GetByTestId("last-sync")).ToContainTextAsync("Last updated");
        var visible = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotMatch(new Regex("chain|block|token|contract", RegexOptions.IgnoreCase), visible);
        await Screens.SaveAsync(page, "13-status-with-chain", output);

        // The details, once opened, say what is underneath.
        await page.GetByText("Technical details").ClickAsync();
        await Expect(page.Locator("details")).ToContainTextAsync("network: hardhat");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Update now" }).CountAsync()); // not an operator
        await page.Context.CloseAsync();

        // An operator (signed in with a token from the issuer, as in production) gets the button that syncs now.
        var operatorContext = await browsers.Browser.NewContextAsync(new() { BaseURL = BaseUrl(world) });
        var token = (await world.AuthAsync("ops-status", "operator")).Single().Value;
        var signIn = await operatorContext.APIRequest.PostAsync("/api/session", new()
        {
            Headers = new Dictionary<string, string> { ["Authorization"] = token },
            DataObject = new { deviceId = "operator-device-0123456789" },
        });
        Assert.Equal(200, signIn.Status);
        var operatorPage = await operatorContext.NewPageAsync();
        await operatorPage.GotoAsync("/status");
        await Expect(operatorPage.GetByTestId("signed-in")).ToHaveTextAsync("Signed in as ops-status");
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "Update now" }).ClickAsync();
        await Expect(operatorPage.GetByText("Up to date.")).ToBeVisibleAsync();
        await Screens.SaveAsync(operatorPage, "13b-status-operator-synced", output);
        await operatorContext.CloseAsync();
    }

    [Fact]
    public async Task A_wallet_payment_the_contract_refuses_falls_back_to_mobile_money_and_says_so_plainly()
    {
        await HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 1_000_000, 1_000_000);
        await using var world = await HybridWorld.StartAsync(Chain);
        var seller = HybridWorld.NewUser("seller");
        var buyer = HybridWorld.NewUser("buyer");
        await world.ConnectWalletAsync(buyer, TestChain.UserKey);
        var phone = HybridWorld.NewMtnPhone();
        await world.LinkVerifiedPhoneAsync(buyer, phone);
        var offer = await world.OfferAsync(seller, OfferWh, PricePerKwh);
        Assert.True(offer.PayableFromWallet);
        // The operator pauses the trading contract: every wallet payment now reverts.
        using (var admin = Chain.Client())
        {
            await admin.SendAsync(world.Trading, new Enerlectra.Chain.Contracts.PauseFunction());
        }

        var page = await WebPages.SignInAsync(browsers.Browser, BaseUrl(world), buyer, output);
        var line = WebPages.Offer(page, $"From {seller}");
        await line.GetByRole(AriaRole.Button, new() { Name = $"Buy from {seller}: 5 kWh" }).ClickAsync();
        var modal = page.GetByRole(AriaRole.Dialog, new() { Name = "Buy energy" });
        await modal.GetByLabel("How much (kWh)").FillAsync("2");
        await Expect(modal.GetByTestId("recommendation")).ToContainTextAsync("You connected your own wallet");
        await Expect(modal.GetByRole(AriaRole.Radio, new() { Name = "My own wallet" })).ToBeCheckedAsync();
        await Screens.SaveAsync(page, "14-modal-recommends-wallet", output);
        await modal.GetByRole(AriaRole.Button, new() { Name = "Pay ZMW 50.00" }).ClickAsync();

        await Expect(modal.GetByTestId("fallback")).ToHaveTextAsync(
            "Paying from your wallet did not work, so we are asking for mobile money instead. You will only be charged once.");
        await Expect(modal.GetByTestId("delivered")).ToHaveTextAsync("Done! 2 kWh is now in your wallet.");
        await Expect(WebPages.Toast(page, "Purchased 2 kWh for ZMW 50.00 using mobile money")).ToBeVisibleAsync();
        var visible = await modal.InnerTextAsync();
        Assert.DoesNotMatch(new Regex("chain|block|paused|revert|contract|token", RegexOptions.IgnoreCase), visible);
        await Screens.SaveAsync(page, "15-fallback-to-mobile-money", output);
        Assert.Equal((1, 5_000L), await world.MtnCollectedAsync(phone));

        // The reason is there for whoever opens the details.
        await modal.GetByText("Technical details").ClickAsync();
        await Expect(modal.Locator("details")).ToContainTextAsync("paused");
        await page.Context.CloseAsync();
    }

    private static string BaseUrl(HybridWorld world)
    {
        var http = world.Gateway.Http.BaseAddress!.ToString().TrimEnd('/');
        return http;
    }
}
