using Orleans;

namespace Enerlectra.Abstractions.Offers;

/// <summary>
/// An offer as the market sees it. <c>EnergyWh == RemainingWh + PendingWh + SoldWh + ReleasedWh</c>.
/// <see cref="ChainOfferId"/> is its id on-chain once mirrored; <see cref="ChainNative"/> marks an offer created
/// directly on-chain, whose energy the contract holds, so it can only be paid for on-chain.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.OfferSnapshot")]
public sealed record OfferSnapshot(
    [property: Id(0)] Guid OfferId,
    [property: Id(1)] string SellerId,
    [property: Id(2)] string MarketId,
    [property: Id(3)] long EnergyWh,
    [property: Id(4)] long PricePerKwhNgwee,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset ExpiresAt,
    [property: Id(7)] bool AcceptsMobileMoney,
    [property: Id(8)] OfferStatus Status,
    [property: Id(9)] long RemainingWh,
    [property: Id(10)] long PendingWh,
    [property: Id(11)] long SoldWh,
    [property: Id(12)] long ReleasedWh,
    [property: Id(13)] long Version,
    [property: Id(14)] long? ChainOfferId = null,
    [property: Id(15)] bool ChainNative = false)
{
    /// <summary>Whether a buyer can pay for it on-chain: it exists on-chain (mirrored, or created there).</summary>
    public bool OnChain => ChainOfferId is not null;
}
