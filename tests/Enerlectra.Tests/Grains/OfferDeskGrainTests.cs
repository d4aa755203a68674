using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Tests.Support;
using Xunit;

namespace Enerlectra.Tests.Grains;

/// <summary>
/// The offer desk puts offers on their market's book and takes them off without a grain per offer: the same offer
/// the offer grain answers for, the same refusals, and a repeated create is the same offer.
/// </summary>
public sealed class OfferDeskGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly Trading _t = new(fixture.Client);

    private IOfferDeskGrain Desk => fixture.Client.GetGrain<IOfferDeskGrain>(0);

    [Fact]
    public async Task An_offer_made_at_the_desk_is_on_the_book_answered_by_its_grain_and_cancelled_at_the_desk()
    {
        var market = Names.Market();
        var seller = await _t.SellerWithAsync(5_000);
        var offerId = Guid.NewGuid();
        var command = new CreateOfferCommand(seller, 2_000, 300, DateTimeOffset.UtcNow.AddHours(1), true, market);

        var created = await Desk.CreateAsync(offerId, command);
        var again = await Desk.CreateAsync(offerId, command);

        Assert.Equal((offerId, OfferStatus.Open, 2_000L), (created.OfferId, created.Status, created.RemainingWh));
        Assert.Equal(created with { Version = again.Version }, again);
        Assert.Equal(created.OfferId, (await _t.Offer(offerId).GetAsync()).OfferId);
        Assert.Contains((await fixture.Client.GetGrain<IMarketGrain>(market).ListOffersAsync(10, null)).Offers, o => o.OfferId == offerId);
        Assert.Equal((3_000L, 2_000L), await _t.EnergyAsync(seller, market));

        var cancelled = await Desk.CancelAsync(offerId, seller);

        Assert.Equal((OfferStatus.Cancelled, 0L), (cancelled.Status, cancelled.RemainingWh));
        Assert.Equal(OfferStatus.Cancelled, (await _t.Offer(offerId).GetAsync()).Status);
        Assert.DoesNotContain((await fixture.Client.GetGrain<IMarketGrain>(market).ListOffersAsync(10, null)).Offers, o => o.OfferId == offerId);
    }

    [Fact]
    public async Task The_desk_refuses_what_the_offer_grain_refuses_and_changes_nothing()
    {
        var market = Names.Market();
        var seller = await _t.SellerWithAsync(2_000);
        var expires = DateTimeOffset.UtcNow.AddHours(1);

        await Trading.RefusedAsync(() => Desk.CreateAsync(Guid.NewGuid(), new CreateOfferCommand(seller, 0, 300, expires, true, market)), ErrorKind.InvalidArgument, "energyWh");
        await Trading.RefusedAsync(() => Desk.CreateAsync(Guid.NewGuid(), new CreateOfferCommand(seller, 5_000, 300, expires, true, market)), ErrorKind.FailedPrecondition, "energyWh");
        await Trading.RefusedAsync(() => Desk.CreateAsync(Guid.NewGuid(), new CreateOfferCommand(seller, 1_000, 300, expires, true, "no-such-market")), ErrorKind.NotFound, "marketId");

        var offer = await Desk.CreateAsync(Guid.NewGuid(), new CreateOfferCommand(seller, 1_000, 300, expires, true, market));
        await Trading.RefusedAsync(() => Desk.CancelAsync(offer.OfferId, "someone-else"), ErrorKind.PermissionDenied, null);
        await Trading.RefusedAsync(() => Desk.CancelAsync(Guid.NewGuid(), seller), ErrorKind.NotFound, "offerId");
        await Trading.RefusedAsync(
            () => Desk.CreateAsync(offer.OfferId, new CreateOfferCommand(seller, 2_000, 300, expires, true, market)), ErrorKind.AlreadyExists, "offerId");

        Assert.Equal((OfferStatus.Open, 1_000L), ((await _t.Offer(offer.OfferId).GetAsync()).Status, (await _t.Offer(offer.OfferId).GetAsync()).RemainingWh));
    }

    [Fact]
    public async Task Cancelling_an_offer_past_its_expiry_says_it_expired_and_it_stays_expired()
    {
        var market = Names.Market();
        var seller = await _t.SellerWithAsync(1_000);
        var offer = await _t.OfferAsync(seller, 1_000, 300, market, TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(1.2));

        // Whether the market's sweep got to it first or the cancel finds it past its time, it expired.
        var refused = await Trading.RefusedAsync(() => Desk.CancelAsync(offer.OfferId, seller), ErrorKind.FailedPrecondition, "offerId");

        Assert.Contains("expired", refused.Message);
        Assert.Equal((OfferStatus.Expired, 0L), ((await _t.Offer(offer.OfferId).GetAsync()).Status, (await _t.Offer(offer.OfferId).GetAsync()).RemainingWh));
        Assert.Equal((1_000L, 0L), await _t.EnergyAsync(seller, market));
    }
}
