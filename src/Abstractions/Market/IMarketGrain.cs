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

    // ---- Offers on the book -------------------------------------------------------------------------------------
    // A household offer is a resting sell order of this market's book, holding energy of the seller's trading account
    // here: buy orders match it, and a household buyer buys it directly (held until the payment is definite). Each
    // call is one journal append, acknowledged once durable (see IOfferGrain, which fronts these).

    /// <summary>
    /// Places the offer (or returns it, when this id already placed the same terms). When the seller's trading
    /// account holds too little energy, nothing is placed and the shortfall is returned instead.
    /// </summary>
    [Alias("PlaceOffer")]
    Task<OfferPlacement> PlaceOfferAsync(Guid offerId, CreateOfferCommand command);

    /// <summary>The offer, or null when it is not (or no longer) in this market.</summary>
    [Alias("GetOffer")]
    Task<OfferSnapshot?> GetOfferAsync(Guid offerId);

    /// <summary>Cancels the offer (its seller only); its unsold energy stays available in the seller's trading account.</summary>
    [Alias("CancelOffer")]
    Task<OfferSnapshot> CancelOfferAsync(Guid offerId, string requestedBy);

    /// <summary>Holds energy of the offer for a direct purchase; idempotent by trade id.</summary>
    [Alias("HoldOffer")]
    Task<Reservation> HoldOfferAsync(Guid offerId, Guid tradeId, string buyerId, long energyWh, PaymentMethod method);

    /// <summary>
    /// The direct purchase is paid: its energy leaves the market for the buyer's wallet (the wallets and the platform
    /// account settle the money). Idempotent.
    /// </summary>
    [Alias("SettleOfferTrade")]
    Task SettleOfferTradeAsync(Guid offerId, Guid tradeId);

    /// <summary>The direct purchase's payment definitely failed: its energy goes back on sale (or to the seller). Idempotent.</summary>
    [Alias("ReleaseOfferTrade")]
    Task ReleaseOfferTradeAsync(Guid tradeId);

    /// <summary>Records the offer's on-chain id once mirrored; idempotent.</summary>
    [Alias("SetOfferMirror")]
    Task SetOfferMirrorAsync(Guid offerId, long chainOfferId);

    /// <summary>A reorganisation took the mirror away; true when <paramref name="chainOfferId"/> was its mirror.</summary>
    [Alias("OfferMirrorLost")]
    Task<bool> OfferMirrorLostAsync(Guid offerId, long chainOfferId);

    /// <summary>The direct purchases settled on the offer, oldest first.</summary>
    [Alias("GetSettledOfferTrades")]
    Task<IReadOnlyList<Guid>> GetSettledOfferTradesAsync(Guid offerId);
}

/// <summary>An offer placed on the book, or (when <see cref="ShortWh"/> is above 0) how much energy it still needs there.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.OfferPlacement")]
public sealed record OfferPlacement(
    [property: Id(0)] OfferSnapshot? Offer,
    [property: Id(1)] long ShortWh);
