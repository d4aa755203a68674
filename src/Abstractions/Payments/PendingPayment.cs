using Enerlectra.Abstractions.Phones;
using Orleans;

namespace Enerlectra.Abstractions.Payments;

/// <summary>A payment whose outcome is not yet definite, as the reconciler tracks it.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.PendingPayment")]
public sealed record PendingPayment(
    [property: Id(0)] Guid TradeId,
    [property: Id(1)] MobileNetwork Network,
    [property: Id(2)] DateTimeOffset Since);
