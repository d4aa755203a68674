namespace Enerlectra.Chain.Listening;

/// <summary>EnergyOfferUpdated; <paramref name="Status"/> as <see cref="Contracts.ChainOfferStatus"/>.</summary>
public sealed record OfferUpdated(int IndexInTransaction, long OfferId, long RemainingWh, int Status)
    : ChainEvent(IndexInTransaction);
