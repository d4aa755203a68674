using Enerlectra.Abstractions.Phones;

namespace Enerlectra.Grains.Limits;

[GenerateSerializer, Alias("enerlectra.SpendingLimitState")]
public sealed record SpendingLimitState
{
    [Id(0)] public Dictionary<Guid, SpendingHold> Holds { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("enerlectra.SpendingHold")]
public sealed record SpendingHold(
    [property: Id(0)] MobileNetwork Network,
    [property: Id(1)] long AmountNgwee,
    [property: Id(2)] DateTimeOffset At);
