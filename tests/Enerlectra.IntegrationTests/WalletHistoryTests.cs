using System.Net;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Grpc.Core;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// A wallet's history (ListWalletHistory, GET /api/wallets/{userId}/history) against a real gateway and its sandbox:
/// purchases, sales, payouts, deposits and the phone's check amount, newest first; the owner's only.
/// </summary>
public sealed class WalletHistoryTests(WalletHistoryTests.Fixture fixture) : IClassFixture<WalletHistoryTests.Fixture>
{
    /// <summary>Payouts on, so a sale's earnings go to the seller's phone (and into the history).</summary>
    public sealed class Fixture : GatewayFixture
    {
        protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
        {
            ["Payouts:Enabled"] = "true",
        };
    }

    private ApiClients Api => fixture.Api;

    private async Task<IReadOnlyList<WalletHistoryEntry>> HistoryAsync(string userId, Metadata token) =>
        (await Api.Wallets.ListWalletHistoryAsync(new ListWalletHistoryRequest { UserId = userId }, token)).Entries;

    [Fact]
    public async Task The_history_lists_purchases_sales_payouts_and_deposits_newest_first_for_the_owner_only()
    {
        var market = new Market(Api);
        var (sellerId, sellerToken, offer) = await market.SellerWithOfferAsync(generatedWh: 10_000, offerWh: 5_000, pricePerKwh: 2_000);
        var (buyerId, buyerToken, phone) = await Api.BuyerAsync(ApiClients.MtnPhone());
        Assert.Equal(["phone_verified"], (await HistoryAsync(buyerId, buyerToken)).Select(e => e.Kind));

        var started = await Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, BuyerId = buyerId, PhoneNumber = phone, EnergyWh = 3_000 }, buyerToken);
        Assert.Equal("completed", (await Api.WaitForFinalAsync(started.TradeId, buyerToken)).Status);
        var deposit = await Api.Wallets.DepositAsync(
            new DepositRequest { UserId = buyerId, AmountNgwee = 1_500, IdempotencyKey = "history-1" }, buyerToken);

        // The buyer: the deposit, the purchase (6,000 ngwee for 3 kWh), then the phone's check amount (100 ngwee).
        var buyer = await Eventually.UntilAsync(() => HistoryAsync(buyerId, buyerToken), h => h.Count == 3, "the buyer's deposit in the history");
        Assert.Equal(
            [("deposit", 0L, 1_500L, deposit.DepositId, "mtn"), ("purchase", 3_000L, 6_000L, started.TradeId, ""), ("phone_verified", 0L, 100L, buyer[2].Reference, "mtn")],
            buyer.Select(e => (e.Kind, e.EnergyWh, e.AmountNgwee, e.Reference, e.Detail)));
        Assert.True(buyer[0].At.ToDateTimeOffset() >= buyer[1].At.ToDateTimeOffset() && buyer[1].At.ToDateTimeOffset() >= buyer[2].At.ToDateTimeOffset());

        // The seller: the payout of the earnings (6,000 less the 0.25% fee: 5,985), after the sale that earned them.
        var seller = await Eventually.UntilAsync(() => HistoryAsync(sellerId, sellerToken), h => h.Any(e => e.Kind == "payout"), "the seller's payout in the history");
        Assert.Equal(
            [("payout", 0L, 5_985L), ("sale", 3_000L, 5_985L), ("phone_verified", 0L, 100L)],
            seller.Select(e => (e.Kind, e.EnergyWh, e.AmountNgwee)));
        Assert.Equal(started.TradeId, seller[1].Reference);

        // Nobody else's: another user is refused, over gRPC and over JSON, without a token too.
        var other = await Api.TokenAsync(ApiClients.NewUserId("other"));
        var refused = await Assert.ThrowsAsync<RpcException>(() => HistoryAsync(buyerId, other));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.False(string.IsNullOrEmpty(refused.Status.Detail));
        using var json = new HttpRequestMessage(HttpMethod.Get, $"/api/wallets/{buyerId}/history");
        json.Headers.Add("Authorization", other.GetValue("authorization"));
        using var forbidden = await fixture.Host.Http.SendAsync(json);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var anonymous = await fixture.Host.Http.GetAsync($"/api/wallets/{buyerId}/history");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var own = new HttpRequestMessage(HttpMethod.Get, $"/api/wallets/{buyerId}/history");
        own.Headers.Add("Authorization", buyerToken.GetValue("authorization"));
        using var ok = await fixture.Host.Http.SendAsync(own);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("\"kind\":\"purchase\"", (await ok.Content.ReadAsStringAsync()).Replace(" ", ""), StringComparison.Ordinal);
    }
}
