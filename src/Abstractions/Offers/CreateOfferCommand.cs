using Orleans;

namespace Enerlectra.Abstractions.Offers;

/// <summary>A seller's request to sell energy. Sending the same command again to the same offer returns the same offer.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.CreateOfferCommand")]
public sealed record CreateOfferCommand(
    [property: Id(0)] string SellerId,
    [property: Id(1)] long EnergyWh,
    [property: Id(2)] long PricePerKwhNgwee,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] bool AcceptsMobileMoney,
    [property: Id(5)] string MarketId);
