using Enerlectra.Abstractions.Phones;
using Orleans;

namespace Enerlectra.Abstractions.Payments;

/// <summary>A buyer's request to buy from an offer. <see cref="EnergyWh"/> 0 buys all that remains.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.TradeRequest")]
public sealed record TradeRequest(
    [property: Id(0)] Guid OfferId,
    [property: Id(1)] string BuyerId,
    [property: Id(2)] long EnergyWh,
    [property: Id(3)] string PayerMsisdn,
    [property: Id(4)] MobileNetwork PayerNetwork,
    [property: Id(5)] PaymentMethod Method,
    [property: Id(6)] string? IdempotencyKey);
