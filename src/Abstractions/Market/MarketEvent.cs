using Orleans;

namespace Enerlectra.Abstractions.Market;

/// <summary>
/// One entry of a market's event log. <see cref="Sequence"/> increases by one per event within a market, so a client
/// that remembers the last one it saw can ask for exactly what it missed.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.MarketEvent")]
public sealed record MarketEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string MarketId,
    [property: Id(2)] MarketEventKind Kind,
    [property: Id(3)] DateTimeOffset OccurredAt,
    [property: Id(4)] Guid? OfferId,
    [property: Id(5)] Guid? TradeId,
    [property: Id(6)] string? SellerId,
    [property: Id(7)] string? BuyerId,
    [property: Id(8)] long EnergyWh,
    [property: Id(9)] long PricePerKwhNgwee,
    [property: Id(10)] long AmountNgwee,
    [property: Id(11)] long RemainingWh,
    [property: Id(12)] string Status)
{
    /// <summary>Payment progress is private to the two parties; everything else is market data.</summary>
    public bool IsPublic => Kind != MarketEventKind.PaymentStatus;

    public bool Involves(string userId) =>
        string.Equals(SellerId, userId, StringComparison.Ordinal) || string.Equals(BuyerId, userId, StringComparison.Ordinal);
}
