namespace Enerlectra.Chain.Listening;

/// <summary>EnergyOfferCreated: a direct on-chain offer (energy escrowed from the seller).</summary>
public sealed record OfferCreated(int IndexInTransaction, long OfferId, string Seller, long EnergyWh, long PricePerKwh, long ExpiresAt, bool AcceptMobileMoney)
    : ChainEvent(IndexInTransaction);
