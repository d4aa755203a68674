namespace Enerlectra.Grains.Meters;

[GenerateSerializer, Alias("enerlectra.MeterBindingState")]
public sealed record MeterBindingState
{
    [Id(0)] public long CapacityW { get; set; }
    [Id(1)] public DateTimeOffset CommissionedAt { get; set; }
    [Id(2)] public bool Active { get; set; }

    /// <summary>The time of the latest accepted reading: the next one's interval starts here (or at commissioning, if later).</summary>
    [Id(3)] public DateTimeOffset? LastReadAt { get; set; }
    [Id(4)] public string? LastReadingId { get; set; }
    [Id(5)] public long GeneratedWh { get; set; }
    [Id(6)] public long ReadingCount { get; set; }
    [Id(7)] public string UpdatedBy { get; set; } = "";
    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }
}
