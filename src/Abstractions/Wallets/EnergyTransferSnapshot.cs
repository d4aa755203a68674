using Orleans;

namespace Enerlectra.Abstractions.Wallets;

/// <summary>
/// Metered energy a user moved from their wallet into their trading account in a market, to sell on the book.
/// <see cref="TransferId"/> (keyed from the user and the idempotency key) is the market's credit reference.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.EnergyTransferSnapshot")]
public sealed record EnergyTransferSnapshot(
    [property: Id(0)] Guid TransferId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string MarketId,
    [property: Id(3)] long EnergyWh,
    [property: Id(4)] EnergyTransferStatus Status,
    [property: Id(5)] string IdempotencyKey,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt);
