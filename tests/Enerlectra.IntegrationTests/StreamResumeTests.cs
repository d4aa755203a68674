using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;

namespace Enerlectra.IntegrationTests;

/// <summary>A client that drops off and reconnects with after_sequence gets exactly what it missed, then live events.</summary>
public sealed class StreamResumeTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private ApiClients Api => fixture.Api;

    [Fact]
    public async Task Reconnecting_with_after_sequence_replays_exactly_the_missed_events_then_live_ones()
    {
        var market = new Market(Api);
        // The reference client never disconnects: what it saw is the truth the resumed client must match.
        var (reference, probeSequence) = await market.OpenLiveStreamAsync();
        await using var referenceStream = reference;

        var first = new EventCollector(ct => Api.Events.StreamMarketEvents(new StreamMarketEventsRequest { MarketId = market.Id, AfterSequence = probeSequence }, cancellationToken: ct));
        var (_, sellerToken, offer) = await market.SellerWithOfferAsync(30_000, 5_000, 1_000);
        var (_, buyerToken, buyerPhone) = await Api.BuyerAsync(ApiClients.MtnPhone());
        var trade1 = await Api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = buyerPhone, EnergyWh = 2_000 }, buyerToken);
        await first.WaitForAsync(e => e.Type == "trade-completed" && e.TradeId == trade1.TradeId, "the first trade on the first connection");
        await first.DisposeAsync();
        var seenBefore = first.Events;
        var lastSeen = seenBefore.Max(e => e.Sequence);
        AssertSameEvents(reference.Events.Where(e => e.Sequence > probeSequence && e.Sequence <= lastSeen), seenBefore);

        // Offline: offers, a trade and a cancel happen without this client.
        var offer2 = await Api.CreateOfferAsync(sellerToken, 4_000, 900, market.Id);
        var offer3 = await Api.CreateOfferAsync(sellerToken, 3_000, 800, market.Id);
        var trade2 = await Api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer2.OfferId, PhoneNumber = buyerPhone, EnergyWh = 1_000 }, buyerToken);
        Assert.Equal("completed", (await Api.WaitForFinalAsync(trade2.TradeId, buyerToken)).Status);
        await Api.Offers.CancelOfferAsync(new CancelOfferRequest { OfferId = offer3.OfferId }, sellerToken);
        await reference.WaitForAsync(e => e.OfferId == offer3.OfferId && e.Status == "cancelled", "the cancel on the reference stream");
        await reference.WaitForAsync(e => e.Type == "trade-completed" && e.TradeId == trade2.TradeId, "trade 2 on the reference stream");
        var missed = reference.Events.Where(e => e.Sequence > lastSeen).ToList();
        Assert.True(missed.Count >= 5, $"expected the offline activity to produce events, got {missed.Count}");

        await using var resumed = new EventCollector(ct => Api.Events.StreamMarketEvents(new StreamMarketEventsRequest { MarketId = market.Id, AfterSequence = lastSeen }, cancellationToken: ct));
        await Eventually.UntilAsync(() => Task.FromResult(resumed.Events.Count >= missed.Count), "the replay of the missed events");
        AssertSameEvents(missed, resumed.Events.Take(missed.Count));

        // Then live events on the same connection, with no duplicate of anything replayed.
        var offer4 = await Api.CreateOfferAsync(sellerToken, 2_000, 700, market.Id);
        await resumed.WaitForAsync(e => e.OfferId == offer4.OfferId && e.Type == "offer-created", "the live offer after the replay");
        await reference.WaitForAsync(e => e.OfferId == offer4.OfferId && e.Type == "offer-created", "the live offer on the reference");
        AssertSameEvents(reference.Events.Where(e => e.Sequence > lastSeen && e.Sequence <= resumed.Events.Max(x => x.Sequence)), resumed.Events);
        Assert.DoesNotContain(resumed.Events, e => e.Type == "replay-truncated");
    }

    /// <summary>Same events, same order, sequence strictly increasing (no duplicates, nothing skipped).</summary>
    private static void AssertSameEvents(IEnumerable<MarketEvent> expected, IEnumerable<MarketEvent> actual)
    {
        var e = expected.Select(x => (x.Sequence, x.Type, x.OfferId, x.TradeId)).ToList();
        var a = actual.Select(x => (x.Sequence, x.Type, x.OfferId, x.TradeId)).ToList();
        Assert.Equal(e, a);
        Assert.Equal(a.OrderBy(x => x.Sequence).Select(x => x.Sequence).Distinct(), a.Select(x => x.Sequence));
    }
}
