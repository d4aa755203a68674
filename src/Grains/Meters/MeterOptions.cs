namespace Enerlectra.Grains.Meters;

/// <summary>Meter registry and reading settings (configuration section "Meters").</summary>
public sealed class MeterOptions
{
    public const string SectionName = "Meters";

    /// <summary>How far a reading time may be ahead of the server's clock: meters' clocks drift a little.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many accepted readings a meter identity remembers (across all its users) to answer a retry the same way.
    /// An older reading repeated is refused for its time, never credited twice.
    /// </summary>
    public int RecentReadingsWindow { get; set; } = 1_000;

    /// <summary>Largest capacity an operator may register (10 MW): far above any neighbourhood installation, so more is a typing mistake.</summary>
    public long MaxCapacityW { get; set; } = 10_000_000;
}
