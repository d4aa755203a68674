namespace Enerlectra.Grains.Meters;

[GenerateSerializer, Alias("enerlectra.MeterState")]
public sealed record MeterState
{
    /// <summary>User id → binding; removed bindings stay (inactive) so their last reading time is never forgotten.</summary>
    [Id(0)] public Dictionary<string, MeterBindingState> Bindings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Accepted readings, oldest first, bounded by MeterOptions.RecentReadingsWindow (uncredited ones are kept).</summary>
    [Id(1)] public List<AcceptedReading> Recent { get; set; } = [];

    [Id(2)] public long Version { get; set; }
}
