using Orleans;

namespace Enerlectra.Abstractions.Offers;

/// <summary>
/// One energy offer, keyed by its id. It owns the offer's remaining energy: every reservation, sale and release
/// of that energy goes through here, one at a time.
/// </summary>
[Alias("enerlectra.IOfferGrain")]
public interface IOfferGrain : IGrainWithGuidKey
{
    /// <summary>Creates the offer and reserves the seller's energy. Repeating the same command returns the offer.</summary>
    [Alias("Create")]
    Task<OfferSnapshot> CreateAsync(CreateOfferCommand command);

    /// <summary>The offer, or a NotFound <see cref="Errors.TradingException"/>.</summary>
    [Alias("Get")]
    Task<OfferSnapshot> GetAsync();

    /// <summary>Cancels the offer on behalf of its seller and returns the unsold remainder to the seller.</summary>
    [Alias("Cancel")]
    Task<OfferSnapshot> CancelAsync(string requestedBy);

    /// <summary>Holds <paramref name="energyWh"/> (0 = all that remains) for a trade. Idempotent by trade id.</summary>
    [Alias("Reserve")]
    Task<Reservation> ReserveAsync(Guid tradeId, string buyerId, long energyWh, Payments.PaymentMethod method);

    /// <summary>The trade was paid: its reserved energy is sold. Idempotent.</summary>
    [Alias("Commit")]
    Task CommitAsync(Guid tradeId);

    /// <summary>The trade definitely failed: its reserved energy goes back on sale (or to the seller if the offer closed). Idempotent.</summary>
    [Alias("Release")]
    Task ReleaseAsync(Guid tradeId);

    /// <summary>
    /// Housekeeping the market's sweeper asks for: closes the offer if its expiry has passed, and releases
    /// reservations whose trade was never recorded (the buyer's request died between reserving and saving).
    /// </summary>
    [Alias("Maintain")]
    Task MaintainAsync();

    /// <summary>The offer was mirrored on-chain under <paramref name="chainOfferId"/>. Idempotent.</summary>
    [Alias("SetChainOfferId")]
    Task SetChainOfferIdAsync(long chainOfferId);

    /// <summary>
    /// The mirror under <paramref name="chainOfferId"/> is no longer on the chain (a reorganisation replaced its
    /// block): forgets it and has the mirror queue mirror the offer again, then record or collect every settled trade
    /// on it on-chain again (each keyed by its trade id, so nothing happens twice). Ignored when the offer is mirrored
    /// under another number by now. Idempotent.
    /// </summary>
    [Alias("MirrorLost")]
    Task MirrorLostAsync(long chainOfferId);

    /// <summary>The trades settled on this offer (their energy delivered), oldest reservation first not guaranteed.</summary>
    [Alias("GetSettledTrades")]
    Task<IReadOnlyList<Guid>> GetSettledTradesAsync();

    /// <summary>Records an offer created directly on-chain (no wallet energy is reserved: the contract escrows it). Idempotent.</summary>
    [Alias("CreateFromChain")]
    Task<OfferSnapshot> CreateFromChainAsync(Chain.ChainOfferCommand command);

    /// <summary>A trade that already happened on-chain takes <paramref name="energyWh"/>: reserved and sold at once. Idempotent by trade id.</summary>
    [Alias("ApplyChainTrade")]
    Task<Reservation> ApplyChainTradeAsync(Guid tradeId, string buyerId, long energyWh);

    /// <summary>A chain reorganisation removed a trade recorded from the chain: its energy is back on the offer. Idempotent.</summary>
    [Alias("RevokeChainTrade")]
    Task RevokeChainTradeAsync(Guid tradeId);

    /// <summary>The on-chain offer was cancelled there, or (reorganisation) never existed. Idempotent.</summary>
    [Alias("CloseFromChain")]
    Task CloseFromChainAsync();

    /// <summary>A chain reorganisation removed the on-chain cancel recorded by <see cref="CloseFromChainAsync"/>. Idempotent.</summary>
    [Alias("ReopenFromChain")]
    Task ReopenFromChainAsync();
}
