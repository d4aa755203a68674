using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Orleans;

namespace Enerlectra.Abstractions.Market;

/// <summary>
/// One market (zone), keyed by market id: the index of open offers and the sequence-numbered event log that is
/// published on <see cref="MarketStreams"/>.
/// </summary>
[Alias("enerlectra.IMarketGrain")]
public interface IMarketGrain : IGrainWithStringKey
{
    /// <summary>Open offers, cheapest first, then oldest first.</summary>
    [Alias("ListOffers")]
    Task<OfferPage> ListOffersAsync(int pageSize, string? pageToken);

    /// <summary>An offer was created or changed; the index follows and an event is logged.</summary>
    [Alias("OfferChanged")]
    Task OfferChangedAsync(OfferSnapshot offer, bool created);

    /// <summary>A trade changed state; logs a payment-status or trade-completed event once per (trade, status).</summary>
    [Alias("TradeChanged")]
    Task TradeChangedAsync(TradeSnapshot trade);

    /// <summary>Events with a sequence number greater than <paramref name="afterSequence"/>, oldest first.</summary>
    [Alias("GetEventsAfter")]
    Task<EventReplay> GetEventsAfterAsync(long afterSequence, int maxEvents);
}
