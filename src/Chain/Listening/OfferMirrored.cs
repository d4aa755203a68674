namespace Enerlectra.Chain.Listening;

/// <summary>OfferMirrored: the server's offer <paramref name="ServerOfferId"/> is on-chain as <paramref name="OfferId"/>.</summary>
public sealed record OfferMirrored(int IndexInTransaction, Guid ServerOfferId, long OfferId)
    : ChainEvent(IndexInTransaction);
