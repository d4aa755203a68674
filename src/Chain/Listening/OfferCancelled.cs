namespace Enerlectra.Chain.Listening;

/// <summary>EnergyOfferCancelled.</summary>
public sealed record OfferCancelled(int IndexInTransaction, long OfferId, string Seller, long ReturnedWh, string CancelledBy)
    : ChainEvent(IndexInTransaction);
