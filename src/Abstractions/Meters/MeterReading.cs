using Orleans;

namespace Enerlectra.Abstractions.Meters;

/// <summary>
/// What a meter reports: energy generated for <see cref="UserId"/> since its previous reading, up to
/// <see cref="ReadAt"/> (null: now, as the server's clock says).
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.MeterReading")]
public sealed record MeterReading(
    [property: Id(0)] string UserId,
    [property: Id(1)] string ReadingId,
    [property: Id(2)] long GeneratedWh,
    [property: Id(3)] DateTimeOffset? ReadAt);
