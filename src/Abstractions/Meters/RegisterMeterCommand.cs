using Orleans;

namespace Enerlectra.Abstractions.Meters;

/// <summary>
/// An operator binds a meter identity to a user. <see cref="CommissionedAt"/> is when the meter's first interval
/// starts; null means now for a new binding and "unchanged" for an update of an active one.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.RegisterMeterCommand")]
public sealed record RegisterMeterCommand(
    [property: Id(0)] string UserId,
    [property: Id(1)] long CapacityW,
    [property: Id(2)] DateTimeOffset? CommissionedAt,
    [property: Id(3)] string RequestedBy);
