using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Tests.Support;
using Xunit;

namespace Enerlectra.Tests.Grains;

/// <summary>
/// The market's event log is appended after the journal (offer calls do not wait for it): when it cannot be written,
/// the offers stay durable in the journal, and the market, once it can write again, logs exactly what it missed.
/// </summary>
[Collection(MoneyCollection.Name)]
public sealed class MarketEventLogGrainTests(MoneyClusterFixture fixture)
{
    private readonly Trading _t = new(fixture.Client);

    // Priced far above the other money tests' orders so none of theirs meets these offers on the shared book.
    [Fact]
    public async Task Offer_events_the_log_could_not_write_are_logged_from_the_journal_once_it_can_and_only_once()
    {
        var market = fixture.Market;
        var grain = fixture.Client.GetGrain<IMarketGrain>(market);
        var seller = await _t.SellerWithAsync(5_000);
        var first = await _t.OfferAsync(seller, 1_000, 97_000, market);
        await Eventually.UntilAsync(() => grain.GetEventsAfterAsync(0, 1000), r => r.Events.Any(e => e.OfferId == first.OfferId), "the first offer in the log");

        var failedBefore = fixture.EventLog.FailedAppends(market);
        fixture.EventLog.Break(market);
        OfferSnapshot second;
        try
        {
            // Both calls succeed: the journal has them. Their events cannot be written, and the failed write restarts
            // the market.
            second = await _t.OfferAsync(seller, 1_000, 97_100, market);
            await _t.Offer(first.OfferId).CancelAsync(seller);
            await Eventually.UntilAsync(() => Task.FromResult(fixture.EventLog.FailedAppends(market)), n => n > failedBefore, "the log to fail a write");
            Assert.DoesNotContain((await grain.GetEventsAfterAsync(0, 1000)).Events, e => e.OfferId == second.OfferId);
        }
        finally
        {
            fixture.EventLog.Repair(market);
        }

        var events = await Eventually.UntilAsync(
            () => grain.GetEventsAfterAsync(0, 1000),
            r => r.Events.Any(e => e.OfferId == second.OfferId) && r.Events.Any(e => e.OfferId == first.OfferId && e.Status == "cancelled"),
            "the missed offer events in the log");
        Assert.Equal(
            [(MarketEventKind.OfferCreated, "open"), (MarketEventKind.OfferUpdated, "cancelled")],
            events.Events.Where(e => e.OfferId == first.OfferId).Select(e => (e.Kind, e.Status)));
        Assert.Equal([(MarketEventKind.OfferCreated, "open")], events.Events.Where(e => e.OfferId == second.OfferId).Select(e => (e.Kind, e.Status)));
        Assert.Equal(
            Enumerable.Range(0, events.Events.Count).Select(i => events.Events[0].Sequence + i),
            events.Events.Select(e => e.Sequence));
        Assert.Contains((await grain.ListOffersAsync(100, null)).Offers, o => o.OfferId == second.OfferId);
        Assert.DoesNotContain((await grain.ListOffersAsync(100, null)).Offers, o => o.OfferId == first.OfferId);

        // The market is shared with the other money tests: nothing of this one stays on its book.
        await _t.Offer(second.OfferId).CancelAsync(seller);
    }
}
