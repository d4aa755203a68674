using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Enerlectra.Tests.Grains;

/// <summary>
/// The grains do not trust their callers: what the gateway refuses, they refuse too, before any state changes or any
/// arithmetic on the value (issue 8: overflow answered 500; any caller could create a market by naming it).
/// </summary>
public class RefusedInputGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly Trading _t = new(fixture.Client);

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(OfferRules.MaxEnergyWh + 1)]
    [InlineData(-1)]
    public async Task A_purchase_beyond_any_offer_is_refused_before_it_is_priced(long energyWh)
    {
        var seller = await _t.SellerWithAsync(5_000);
        var offer = await _t.OfferAsync(seller, 4_000, 1_000, Names.Market());
        var tradeId = Guid.NewGuid();
        var request = new TradeRequest(offer.OfferId, Names.User("buyer"), energyWh, Names.Payer("5000"), MobileNetwork.Mtn, PaymentMethod.MobileMoney, null);

        // Before: TradePricing threw OverflowException (long.MaxValue Wh), which the gateway answered with 500.
        var refused = await Trading.RefusedAsync(() => _t.Trade(tradeId).StartAsync(request), ErrorKind.InvalidArgument, "energyWh");
        Assert.Contains("energyWh", refused.Message);

        var after = await _t.Offer(offer.OfferId).GetAsync();
        Assert.Equal((4_000L, 0L, OfferStatus.Open), (after.RemainingWh, after.PendingWh, after.Status));
        Assert.False(await _t.Trade(tradeId).ExistsAsync());
    }

    [Fact]
    public async Task An_offer_cannot_create_a_market()
    {
        var seller = await _t.SellerWithAsync(5_000);
        var unknown = "nowhere-" + Guid.NewGuid().ToString("N")[..8];
        var command = new CreateOfferCommand(seller, 2_000, 1_000, DateTimeOffset.UtcNow.AddDays(1), true, unknown);
        var offerId = Guid.NewGuid();

        await Trading.RefusedAsync(() => _t.Offer(offerId).CreateAsync(command), ErrorKind.NotFound, "marketId");

        // Nothing was reserved or recorded, and no market came into being.
        var wallet = await _t.Wallet(seller).GetAsync();
        Assert.Equal((5_000L, 0L), (wallet.AvailableWh, wallet.ReservedWh));
        await Trading.RefusedAsync(() => _t.Offer(offerId).GetAsync(), ErrorKind.NotFound, "offerId");
        Assert.Empty(await Reminders(fixture.Client.GetGrain<IMarketGrain>(unknown)));
    }

    [Fact]
    public async Task An_unconfigured_market_answers_not_found_and_is_not_kept_alive()
    {
        var market = fixture.Client.GetGrain<IMarketGrain>("nowhere-" + Guid.NewGuid().ToString("N")[..8]);

        await Trading.RefusedAsync(() => market.ListOffersAsync(10, null), ErrorKind.NotFound, "marketId");
        await Trading.RefusedAsync(() => market.GetEventsAfterAsync(0, 10), ErrorKind.NotFound, "marketId");
        Assert.Empty(await Reminders(market));
    }

    [Fact]
    public async Task Every_configured_market_is_warmed_up_at_start_with_its_keep_alive_reminder()
    {
        // Not one a test has used: only the start-up warm-up can have activated it.
        var last = Names.Markets.Ids[^1];
        Assert.Single(await Reminders(fixture.Client.GetGrain<IMarketGrain>(last)));
        Assert.Single(await Reminders(fixture.Client.GetGrain<IMarketGrain>("default")));
    }

    [Fact]
    public async Task A_client_number_as_large_as_a_long_goes_replays_as_truncated()
    {
        var market = fixture.Client.GetGrain<IMarketGrain>(Names.Market());
        var replay = await market.GetEventsAfterAsync(long.MaxValue, 10);
        Assert.True(replay.Truncated);
        Assert.Empty(replay.Events);
    }

    [Fact]
    public async Task An_offer_whose_rest_is_held_for_other_buyers_says_so()
    {
        var seller = await _t.SellerWithAsync(5_000);
        var offer = await _t.OfferAsync(seller, 2_000, 1_000, Names.Market());
        // The whole offer is held for a pending payment: still open, with nothing left to sell until that payment ends.
        await _t.Offer(offer.OfferId).ReserveAsync(Guid.NewGuid(), Names.User("buyer"), 0, PaymentMethod.MobileMoney);

        var refused = await Trading.RefusedAsync(
            () => _t.Offer(offer.OfferId).ReserveAsync(Guid.NewGuid(), Names.User("buyer"), 0, PaymentMethod.MobileMoney),
            ErrorKind.FailedPrecondition, "offerId");
        Assert.Equal("Everything left on this offer is being paid for by other buyers right now. Try again in a moment, or choose another offer.", refused.Message);
    }

    private async Task<IList<Orleans.ReminderEntry>> Reminders(IMarketGrain market)
    {
        var table = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<Orleans.IReminderTable>();
        var rows = await table.ReadRows(market.GetGrainId());
        return rows.Reminders;
    }
}
