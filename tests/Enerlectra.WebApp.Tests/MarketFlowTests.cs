using Enerlectra.Testing;
using Enerlectra.WebApp.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Enerlectra.WebApp.Tests;

/// <summary>Selling and buying in two browsers against the real gateway and its mobile money sandbox.</summary>
[Collection(WebCollection.Name)]
public sealed class MarketFlowTests(WebWorld world, ITestOutputHelper output)
{
    private IBrowser Browser => world.Browsers.Browser;

    [Fact]
    public async Task A_seller_offers_and_a_buyer_sees_it_live_buys_part_with_mobile_money_and_both_see_the_result()
    {
        var seller = WebPages.NewUser("seller");
        var buyer = WebPages.NewUser("buyer");
        await MeteredGeneration.CreditAsync(world.Gateway.Channel, seller, 10_000);
        // The buyer's phone: verifications approve, payments wait until the payer approves (sandbox ending 0004).
        var phone = WebPages.MtnPhone("0004");

        var buyerPage = await WebPages.SignInAsync(Browser, world.BaseUrl, buyer, output);
        await Expect(buyerPage.Locator("#offers-title")).ToBeVisibleAsync();
        var sellerPage = await WebPages.SignInAsync(Browser, world.BaseUrl, seller, output);
        await Expect(sellerPage.GetByText("You have 10 kWh to sell.")).ToBeVisibleAsync();

        // The seller offers 5 kWh at ZMW 2.50 per kWh.
        await sellerPage.GetByLabel("Amount (kWh)").FillAsync("5");
        await sellerPage.GetByLabel("Price (ZMW per kWh)").FillAsync("2.50");
        await sellerPage.GetByLabel("For sale until").SelectOptionAsync("24");
        await sellerPage.GetByRole(AriaRole.Button, new() { Name = "Offer for sale" }).ClickAsync();
        await Expect(sellerPage.GetByText("Your 5 kWh is for sale at ZMW 2.50 per kWh.")).ToBeVisibleAsync();
        await Expect(WebPages.Offer(sellerPage, "Your offer")).ToContainTextAsync("5 kWh at ZMW 2.50 per kWh");
        await Screens.SaveAsync(sellerPage, "01-seller-market", output);

        // The buyer's market shows it without a reload.
        var offer = WebPages.Offer(buyerPage, $"From {seller}");
        await Expect(offer).ToContainTextAsync("5 kWh at ZMW 2.50 per kWh");
        await Expect(offer).ToContainTextAsync("ZMW 12.50 for all of it");
        await Screens.SaveAsync(buyerPage, "02-buyer-market-live", output);

        // The modal: 2 of the 5 kWh, mobile money recommended; the phone is linked and verified within the flow.
        await offer.GetByRole(AriaRole.Button, new() { Name = $"Buy from {seller}: 5 kWh" }).ClickAsync();
        var modal = buyerPage.GetByRole(AriaRole.Dialog, new() { Name = "Buy energy" });
        await modal.GetByLabel("How much (kWh)").FillAsync("2");
        await Expect(modal.GetByText("You pay ZMW 5.00")).ToBeVisibleAsync();
        await Expect(modal.GetByTestId("recommendation")).ToContainTextAsync("works on any phone");
        await Expect(modal.GetByText("Link your phone to pay by mobile money.").First).ToBeVisibleAsync();
        await modal.GetByLabel("Mobile number").FillAsync(phone);
        await Expect(modal.GetByText("Detected: MTN MoMo.")).ToBeVisibleAsync();
        await Expect(modal.GetByLabel("Network")).ToHaveValueAsync("mtn");
        await modal.GetByRole(AriaRole.Button, new() { Name = "Link this phone" }).ClickAsync();
        var pay = modal.GetByRole(AriaRole.Button, new() { Name = "Pay ZMW 5.00" });
        await Expect(pay).ToBeVisibleAsync();
        await Expect(modal.GetByText("Mobile money (MTN MoMo)")).ToBeVisibleAsync();
        await Expect(modal.GetByText("Usually under a minute, once you approve on your phone")).ToBeVisibleAsync();
        await Screens.SaveAsync(buyerPage, "03-payment-modal", output);
        await pay.ClickAsync();

        // Waiting for the buyer to approve on the phone, until the sandbox's payer approves.
        var progress = modal.GetByTestId("payment-progress");
        await Expect(modal.GetByTestId("waiting")).ToContainTextAsync($"Waiting for you to approve on 0{phone[1..3]} {phone[3..6]} {phone[6..]}");
        await Screens.SaveAsync(buyerPage, "04-payment-waiting-for-approval", output);
        var tradeId = await progress.GetAttributeAsync("data-trade-id");
        Assert.False(string.IsNullOrEmpty(tradeId));
        Assert.Equal((0, 0L), await WebPages.MtnTradeCollectionsAsync(world.Gateway.Ports.SandboxUrl, phone));
        await WebPages.ApproveMtnCollectionAsync(world.Gateway.Ports.SandboxUrl, tradeId!);

        await Expect(modal.GetByTestId("delivered")).ToHaveTextAsync("Done! 2 kWh is now in your wallet.");
        await Expect(WebPages.Toast(buyerPage, "Purchased 2 kWh for ZMW 5.00 using mobile money")).ToBeVisibleAsync();
        await Screens.SaveAsync(buyerPage, "05-payment-delivered-toast", output);
        Assert.Equal((1, 500L), await WebPages.MtnTradeCollectionsAsync(world.Gateway.Ports.SandboxUrl, phone));

        // The seller hears about the sale, and the wallet shows it: ZMW 5.00 less the 0.25% fee (2 ngwee, rounded up).
        await Expect(WebPages.Toast(sellerPage, "Sold 2 kWh for ZMW 5.00 (paid by mobile money)")).ToBeVisibleAsync();
        await Expect(WebPages.Offer(sellerPage, "Your offer")).ToContainTextAsync("3 kWh at ZMW 2.50 per kWh");
        await sellerPage.GetByRole(AriaRole.Link, new() { Name = "My wallet" }).ClickAsync();
        await Expect(sellerPage.GetByTestId("wallet-earnings")).ToHaveTextAsync("ZMW 4.98");
        await Expect(sellerPage.GetByTestId("wallet-reserved")).ToHaveTextAsync("3 kWh");
        await Expect(sellerPage.GetByTestId("wallet-available")).ToHaveTextAsync("5 kWh");
        await Expect(sellerPage.GetByTestId("history")).ToContainTextAsync("Sold 2 kWh: you earned ZMW 4.98 after the fee");
        await Screens.SaveAsync(sellerPage, "06-seller-wallet", output);

        // The buyer's market and wallet.
        await buyerPage.GetByRole(AriaRole.Button, new() { Name = "Back to the market" }).ClickAsync();
        await Expect(WebPages.Offer(buyerPage, $"From {seller}")).ToContainTextAsync("3 kWh at ZMW 2.50 per kWh");
        await buyerPage.GetByRole(AriaRole.Link, new() { Name = "My wallet" }).ClickAsync();
        await Expect(buyerPage.GetByTestId("wallet-bought")).ToHaveTextAsync("2 kWh");
        await Expect(buyerPage.GetByTestId("wallet-spent")).ToHaveTextAsync("ZMW 5.00");
        await Expect(buyerPage.GetByTestId("phone")).ToContainTextAsync("(MTN MoMo)");
        // The history, newest first: the purchase, then the phone's check amount.
        var history = buyerPage.GetByTestId("history").Locator("li");
        await Expect(history.Nth(0)).ToContainTextAsync("Purchased 2 kWh for ZMW 5.00");
        await Expect(history.Nth(1)).ToContainTextAsync("Your phone was checked: ZMW 1.00 added to your balance");
        await Screens.SaveAsync(buyerPage, "07-buyer-wallet", output);

        await buyerPage.Context.CloseAsync();
        await sellerPage.Context.CloseAsync();
    }

    [Fact]
    public async Task A_declined_payment_is_shown_as_such_and_nothing_is_charged()
    {
        var seller = WebPages.NewUser("seller");
        var buyer = WebPages.NewUser("buyer");
        var phone = WebPages.MtnPhone("0001"); // the payer declines payments (its verification is approved)
        var offer = await WebPages.OfferAsync(world.Gateway.Channel, seller, 4_000, 300);
        await PhoneLinks.LinkVerifiedAsync(
            new Enerlectra.Api.V1.WalletService.WalletServiceClient(world.Gateway.Channel), buyer,
            await WebPages.AuthAsync(world.Gateway.Channel, buyer), phone);

        var page = await WebPages.SignInAsync(Browser, world.BaseUrl, buyer, output);
        var line = WebPages.Offer(page, $"From {seller}");
        await line.GetByRole(AriaRole.Button, new() { Name = $"Buy from {seller}: 4 kWh" }).ClickAsync();
        var modal = page.GetByRole(AriaRole.Dialog, new() { Name = "Buy energy" });
        await Expect(modal.GetByText("You pay ZMW 12.00")).ToBeVisibleAsync();
        await modal.GetByRole(AriaRole.Button, new() { Name = "Pay ZMW 12.00" }).ClickAsync();

        await Expect(modal.GetByTestId("failed")).ToContainTextAsync("Payment not completed");
        await Expect(modal.GetByTestId("failed")).ToContainTextAsync("You have not been charged.");
        await Expect(WebPages.Toast(page, "Your purchase of 4 kWh was not completed. You have not been charged.")).ToBeVisibleAsync();
        await Screens.SaveAsync(page, "08-payment-declined", output);

        Assert.Equal((0, 0L), await WebPages.MtnTradeCollectionsAsync(world.Gateway.Ports.SandboxUrl, phone));
        var wallet = await WebPages.WalletAsync(world.Gateway.Channel, buyer);
        Assert.Equal((0L, 0L), (wallet.SpentNgwee, wallet.BoughtWh));
        await page.GetByRole(AriaRole.Button, new() { Name = "Back to the market" }).ClickAsync();
        await Expect(WebPages.Offer(page, $"From {seller}")).ToContainTextAsync("4 kWh at ZMW 3.00 per kWh");
        var after = await WebPages.GetOfferAsync(world.Gateway.Channel, offer.OfferId);
        Assert.Equal((4_000L, 0L, 0L), (after.RemainingWh, after.PendingWh, after.SoldWh));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_360_pixel_phone_screen_nothing_is_wider_than_the_screen()
    {
        var seller = WebPages.NewUser("seller");
        await WebPages.OfferAsync(world.Gateway.Channel, seller, 1_500, 275);
        var page = await WebPages.SignInAsync(Browser, world.BaseUrl, WebPages.NewUser("phone"), output, width: 360, height: 740);

        var line = WebPages.Offer(page, $"From {seller}");
        await Expect(line).ToContainTextAsync("1.5 kWh at ZMW 2.75 per kWh");
        Assert.True(await FitsAsync(page), "the market is wider than 360 px");
        await Screens.SaveAsync(page, "09-phone-market", output);

        await line.GetByRole(AriaRole.Button, new() { Name = $"Buy from {seller}: 1.5 kWh" }).ClickAsync();
        var modal = page.GetByRole(AriaRole.Dialog, new() { Name = "Buy energy" });
        await Expect(modal.GetByText("You pay ZMW 4.13")).ToBeVisibleAsync();
        var box = await modal.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box!.X >= 0 && box.X + box.Width <= 360, $"the modal spans {box.X}..{box.X + box.Width}");
        Assert.True(await FitsAsync(page), "the payment modal is wider than 360 px");
        await Screens.SaveAsync(page, "10-phone-payment-modal", output);

        // Keyboard: Escape closes the modal (nothing was paid), focus returns to the page.
        await page.Keyboard.PressAsync("Escape");
        await Expect(modal).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "My wallet" }).ClickAsync();
        await Expect(page.GetByTestId("wallet")).ToBeVisibleAsync();
        Assert.True(await FitsAsync(page), "the wallet is wider than 360 px");
        await Screens.SaveAsync(page, "11-phone-wallet", output);
        await page.Context.CloseAsync();
    }

    private static Task<bool> FitsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
}
