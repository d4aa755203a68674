using Orleans;

namespace Enerlectra.Abstractions.Chain;

/// <summary>
/// An offer somebody created directly on-chain, as the chain listener found it. Its energy is escrowed by the
/// contract, not held in an Enerlectra wallet, so it can only be bought by paying on-chain.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.ChainOfferCommand")]
public sealed record ChainOfferCommand(
    [property: Id(0)] long ChainOfferId,
    [property: Id(1)] string SellerId,
    [property: Id(2)] string SellerAddress,
    [property: Id(3)] long EnergyWh,
    [property: Id(4)] long PricePerKwhNgwee,
    [property: Id(5)] DateTimeOffset ExpiresAt,
    [property: Id(6)] string MarketId,
    [property: Id(7)] string TransactionHash);

/// <summary>A trade made directly on-chain (not through this server), to be recorded once.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.ChainTradeImport")]
public sealed record ChainTradeImport(
    [property: Id(0)] Guid OfferId,
    [property: Id(1)] string BuyerId,
    [property: Id(2)] string BuyerAddress,
    [property: Id(3)] long EnergyWh,
    [property: Id(4)] long AmountNgwee,
    [property: Id(5)] long FeeNgwee,
    [property: Id(6)] string TransactionHash,
    [property: Id(7)] long BlockNumber);
