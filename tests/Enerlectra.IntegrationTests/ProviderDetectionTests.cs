using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Grpc.Core;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Which provider collects is decided by the payer's number (or the buyer's explicit network), whatever form the
/// number is typed in; proven by where the money actually lands: the right provider's sandbox ledger, and no other.
/// </summary>
public sealed class ProviderDetectionTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly string[] Providers = ["mtn", "airtel", "zamtel"];

    private ApiClients Api => fixture.Api;

    [Theory]
    [InlineData("97", "+260 {0} {1} {2}", "airtel")]   // international, spaced
    [InlineData("97", "0{0}{1}{2}", "airtel")]         // national with the trunk 0
    [InlineData("97", "260 {0}{1}{2}", "airtel")]      // international without the '+'
    [InlineData("77", "+260-{0}-{1}-{2}", "airtel")]
    [InlineData("95", "+260 {0} {1} {2}", "zamtel")]
    [InlineData("95", "0{0} {1} {2}", "zamtel")]
    [InlineData("75", "({0}) {1}{2}", "zamtel")]       // bare national number
    [InlineData("96", "0{0}{1}{2}", "mtn")]
    [InlineData("76", "260{0}{1}{2}", "mtn")]
    public async Task Number_in_any_form_is_collected_by_its_networks_provider(string prefix, string form, string provider)
    {
        var canonical = ApiClients.Phone(prefix);                  // "+260" + 9 digits
        var national = canonical[4..];
        var typed = string.Format(form, national[..2], national[2..5], national[5..]);

        var (trade, wallet) = await BuyAsync(typed, network: null);
        Assert.Equal((provider, canonical), (trade.Network, trade.PayerPhone));
        Assert.Equal((provider, canonical), (wallet.Network, wallet.PhoneNumber));
        Assert.Equal("completed", trade.Status);
        await AssertChargedOnlyByAsync(provider, canonical, trade.AmountNgwee);
    }

    [Fact]
    public async Task Network_override_sends_a_ported_number_through_the_chosen_provider()
    {
        // An Airtel-prefixed number that moved to MTN: the buyer says so when linking it, and MTN verifies and collects.
        var phone = ApiClients.AirtelPhone();
        var (trade, _) = await BuyAsync("0" + phone[4..], network: "mtn");
        Assert.Equal(("mtn", phone, "completed"), (trade.Network, trade.PayerPhone, trade.Status));
        await AssertChargedOnlyByAsync("mtn", phone, trade.AmountNgwee);
    }

    [Theory]
    [InlineData("+44 20 7946 0958")]    // not Zambian
    [InlineData("+1 415 555 0100")]
    [InlineData("0211 234567")]         // a Lusaka landline
    [InlineData("+260 211 234567")]
    [InlineData("09abc12345")]          // letters
    [InlineData("097 12")]              // too short
    [InlineData("0971234567890")]       // too long
    public async Task Bad_number_is_refused_naming_the_field_and_reserves_nothing(string phone)
    {
        var market = new Market(Api);
        var (_, _, offer) = await market.SellerWithOfferAsync(10_000, 5_000, 1_000);
        var buyerToken = await Api.TokenAsync(ApiClients.NewUserId("buyer"));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = phone, EnergyWh = 1_000 }, buyerToken));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("phoneNumber", error.Status.Detail);

        var untouched = await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId });
        Assert.Equal((5_000L, 0L), (untouched.RemainingWh, untouched.PendingWh));
    }

    [Fact]
    public async Task Unknown_network_word_is_refused_naming_the_field()
    {
        var market = new Market(Api);
        var (_, _, offer) = await market.SellerWithOfferAsync(10_000, 5_000, 1_000);
        var buyerToken = await Api.TokenAsync(ApiClients.NewUserId("buyer"));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = ApiClients.AirtelPhone(), Network = "vodafone", EnergyWh = 1_000 }, buyerToken));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("network", error.Status.Detail);
    }

    /// <summary>Links the number as typed (and verifies it), then buys naming it the same way.</summary>
    private async Task<(Trade Trade, Wallet Wallet)> BuyAsync(string phone, string? network)
    {
        var market = new Market(Api);
        var (_, _, offer) = await market.SellerWithOfferAsync(10_000, 5_000, 1_000);
        var buyerId = ApiClients.NewUserId("buyer");
        var buyerToken = await Api.TokenAsync(buyerId);
        var wallet = await Api.LinkVerifiedPhoneAsync(buyerId, buyerToken, phone, network);
        var started = await Api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest
        {
            OfferId = offer.OfferId, PhoneNumber = phone, Network = network ?? string.Empty, EnergyWh = 2_000,
        }, buyerToken);
        return (await Api.WaitForFinalAsync(started.TradeId, buyerToken), wallet);
    }

    /// <summary>The number was verified and then charged for the trade by exactly one provider.</summary>
    private async Task AssertChargedOnlyByAsync(string provider, string phone, long amountNgwee)
    {
        foreach (var each in Providers)
        {
            var row = (await fixture.Sandbox.CollectionLedgerAsync(each)).For(phone);
            Assert.Equal(each == provider ? (1, amountNgwee) : (0, 0L), row.Payments);
            Assert.Equal(each == provider ? (1, ApiClients.VerificationNgwee) : (0, 0L), row.Verifications);
        }
    }
}
