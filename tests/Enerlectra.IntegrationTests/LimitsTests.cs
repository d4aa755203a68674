using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Grpc.Core;

namespace Enerlectra.IntegrationTests;

/// <summary>A gateway with small spending limits, so each one can be reached in a test.</summary>
public sealed class SmallLimitsGatewayFixture : GatewayFixture
{
    protected override IReadOnlyDictionary<string, string?>? Overrides => new Dictionary<string, string?>
    {
        ["Limits:Mtn:MinimumNgwee"] = "1000",             // ZMW 10
        ["Limits:Mtn:PerTransactionNgwee"] = "50000",     // ZMW 500
        ["Limits:Mtn:DailyPerUserNgwee"] = "80000",       // ZMW 800
        ["Limits:DailyPerUserNgwee"] = "120000",          // ZMW 1,200 across providers
    };
}

/// <summary>
/// Spending limits through the public API: each one refused with FAILED_PRECONDITION naming the limit, before any
/// energy is reserved or any money asked for; a failed payment gives its daily allowance back.
/// </summary>
public sealed class LimitsTests(SmallLimitsGatewayFixture fixture) : IClassFixture<SmallLimitsGatewayFixture>
{
    // 1 kWh costs ZMW 10 (1,000 ngwee), so Wh / 1,000 * 1,000 = ngwee: buying N kWh costs N × 1,000 ngwee.
    private const long PricePerKwh = 1_000;
    private const long OfferWh = 400_000;

    private ApiClients Api => fixture.Api;

    [Fact]
    public async Task Payment_below_the_providers_minimum_is_refused()
    {
        var buyer = await BuyerAsync();
        var error = await RefusedAsync(buyer, await PhoneAsync(buyer, ApiClients.MtnPhone()), energyWh: 500, "mtn");   // ZMW 5.00
        Assert.Contains("below MTN MoMo's minimum payment of ZMW 10.00", error);
    }

    [Fact]
    public async Task Payment_above_the_providers_per_payment_limit_is_refused()
    {
        var buyer = await BuyerAsync();
        var error = await RefusedAsync(buyer, await PhoneAsync(buyer, ApiClients.MtnPhone()), energyWh: 60_000, "mtn");   // ZMW 600
        Assert.Contains("above MTN MoMo's limit of ZMW 500.00 per payment", error);
    }

    [Fact]
    public async Task Payments_beyond_the_providers_daily_limit_are_refused()
    {
        var buyer = await BuyerAsync();
        var mtn = await PhoneAsync(buyer, ApiClients.MtnPhone());
        await CompletedAsync(buyer, mtn, 40_000);
        await CompletedAsync(buyer, mtn, 40_000);                                               // ZMW 800: exactly the limit

        var error = await RefusedAsync(buyer, mtn, energyWh: 10_000, "mtn");
        Assert.Contains("on MTN MoMo in 24 hours, above the daily limit of ZMW 800.00", error);

        // Only MTN's allowance is used up: another provider (once that number is the verified one) still collects.
        await CompletedAsync(buyer, await PhoneAsync(buyer, ApiClients.AirtelPhone()), 10_000);
    }

    [Fact]
    public async Task Payments_beyond_the_overall_daily_limit_are_refused_across_providers()
    {
        var buyer = await BuyerAsync();
        await CompletedAsync(buyer, await PhoneAsync(buyer, ApiClients.AirtelPhone()), 45_000);
        var zamtel = await PhoneAsync(buyer, ApiClients.ZamtelPhone());
        await CompletedAsync(buyer, zamtel, 45_000);

        // ZMW 350 on MTN is within MTN's own limits, but takes the buyer to ZMW 1,250 across providers.
        var error = await RefusedAsync(buyer, await PhoneAsync(buyer, ApiClients.MtnPhone()), energyWh: 35_000, "mtn");
        Assert.Contains("above your daily limit of ZMW 1,200.00", error);
        var viaZamtel = await RefusedAsync(buyer, await PhoneAsync(buyer, zamtel), energyWh: 35_000, "zamtel");
        Assert.Contains("above your daily limit of ZMW 1,200.00", viaZamtel);
    }

    [Fact]
    public async Task Failed_payment_gives_its_daily_allowance_back()
    {
        var buyer = await BuyerAsync();
        var mtn = await PhoneAsync(buyer, ApiClients.MtnPhone());
        await CompletedAsync(buyer, mtn, 40_000);

        var declinedPhone = await PhoneAsync(buyer, ApiClients.MtnPhone("0001"));
        var declined = await Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = buyer.OfferId, PhoneNumber = declinedPhone, EnergyWh = 40_000 }, buyer.Token);
        Assert.Equal("failed", (await Api.WaitForFinalAsync(declined.TradeId, buyer.Token)).Status);

        // Had the failed ZMW 400 kept its hold, this would be ZMW 1,200 on MTN, over its ZMW 800.
        await PhoneAsync(buyer, mtn);
        await CompletedAsync(buyer, mtn, 40_000);
        // And the limit is really there: the allowance is now used up by the two payments that went through.
        var error = await RefusedAsync(buyer, mtn, energyWh: 10_000, "mtn");
        Assert.Contains("above the daily limit of ZMW 800.00", error);
        Assert.Equal(0, await fixture.Sandbox.ChargesForAsync("mtn", declinedPhone));
    }

    [Fact]
    public async Task Verifying_a_number_is_not_a_payment_and_uses_no_allowance()
    {
        // ZMW 1.00 is below this gateway's MTN minimum of ZMW 10.00, and verifications are not limited by it...
        var buyer = await BuyerAsync();
        var mtn = await PhoneAsync(buyer, ApiClients.MtnPhone());
        Assert.Equal((1, ApiClients.VerificationNgwee), (await fixture.Sandbox.CollectionLedgerAsync("mtn")).For(mtn).Verifications);
        // ...nor do they count against the daily allowance: the whole ZMW 800 is still there.
        await CompletedAsync(buyer, mtn, 40_000);
        await CompletedAsync(buyer, mtn, 40_000);
        Assert.Contains("above the daily limit of ZMW 800.00", await RefusedAsync(buyer, mtn, energyWh: 1_000, "mtn"));
    }

    private async Task<Buyer> BuyerAsync()
    {
        var market = new Market(Api);
        var (_, _, offer) = await market.SellerWithOfferAsync(500_000, OfferWh, PricePerKwh);
        var buyerId = ApiClients.NewUserId("buyer");
        return new Buyer(buyerId, await Api.TokenAsync(buyerId), offer.OfferId);
    }

    /// <summary>Makes <paramref name="phone"/> the buyer's verified phone (the only one a trade collects from).</summary>
    private async Task<string> PhoneAsync(Buyer buyer, string phone)
    {
        await Api.LinkVerifiedPhoneAsync(buyer.Id, buyer.Token, phone);
        return phone;
    }

    private async Task CompletedAsync(Buyer buyer, string phone, long energyWh)
    {
        var started = await Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = buyer.OfferId, PhoneNumber = phone, EnergyWh = energyWh }, buyer.Token);
        var trade = await Api.WaitForFinalAsync(started.TradeId, buyer.Token);
        Assert.Equal(("completed", energyWh * PricePerKwh / 1_000), (trade.Status, trade.AmountNgwee));
    }

    /// <summary>
    /// Asserts the purchase is refused with FAILED_PRECONDITION and leaves no trace: the offer's remaining energy is
    /// unchanged (nothing reserved), and the provider was never asked (nothing more charged to that number).
    /// </summary>
    private async Task<string> RefusedAsync(Buyer buyer, string phone, long energyWh, string provider)
    {
        var before = await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = buyer.OfferId });
        var chargedBefore = (await fixture.Sandbox.CollectionLedgerAsync(provider)).For(phone);
        var submitsBefore = await fixture.Sandbox.CollectionSubmitCallsAsync(provider);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = buyer.OfferId, PhoneNumber = phone, EnergyWh = energyWh }, buyer.Token));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);

        var after = await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = buyer.OfferId });
        Assert.Equal((before.RemainingWh, before.SoldWh, 0L), (after.RemainingWh, after.SoldWh, after.PendingWh));
        Assert.Equal(chargedBefore, (await fixture.Sandbox.CollectionLedgerAsync(provider)).For(phone));
        Assert.Equal(submitsBefore, await fixture.Sandbox.CollectionSubmitCallsAsync(provider));
        return error.Status.Detail;
    }

    private sealed record Buyer(string Id, Metadata Token, string OfferId);
}
