using Orleans;

namespace Enerlectra.Abstractions.Offers;

/// <summary>
/// Energy held on an offer for one trade until its payment is definite. <see cref="OnBook"/>: the offer is on its
/// market's book, whose trading account (not the seller's wallet) holds the energy.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.Reservation")]
public sealed record Reservation(
    [property: Id(0)] Guid TradeId,
    [property: Id(1)] Guid OfferId,
    [property: Id(2)] string SellerId,
    [property: Id(3)] string BuyerId,
    [property: Id(4)] long EnergyWh,
    [property: Id(5)] long PricePerKwhNgwee,
    [property: Id(6)] string MarketId,
    [property: Id(7)] bool OnBook = false);
