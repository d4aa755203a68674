using Orleans;

namespace Enerlectra.Abstractions.Meters;

/// <summary>
/// One (meter identity, user) binding: how much the meter can generate (<see cref="CapacityW"/>), from when
/// (<see cref="CommissionedAt"/>), its latest accepted reading, and what it has reported in total.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.MeterBindingSnapshot")]
public sealed record MeterBindingSnapshot(
    [property: Id(0)] string UserId,
    [property: Id(1)] long CapacityW,
    [property: Id(2)] DateTimeOffset CommissionedAt,
    [property: Id(3)] bool Active,
    [property: Id(4)] DateTimeOffset? LastReadAt,
    [property: Id(5)] string? LastReadingId,
    [property: Id(6)] long GeneratedWh,
    [property: Id(7)] long ReadingCount,
    [property: Id(8)] string UpdatedBy,
    [property: Id(9)] DateTimeOffset UpdatedAt);
