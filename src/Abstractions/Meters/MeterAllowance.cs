namespace Enerlectra.Abstractions.Meters;

/// <summary>The most energy a meter of a given capacity can physically generate in an interval.</summary>
public static class MeterAllowance
{
    /// <summary>
    /// <paramref name="capacityW"/> × <paramref name="interval"/> in Wh, rounded down; 0 for an empty or negative
    /// interval or capacity. Exact for every input: the product of two 64-bit values always fits in 128 bits, and a
    /// result beyond <see cref="long.MaxValue"/> is reported as <see cref="long.MaxValue"/> (callers cap it far lower).
    /// </summary>
    public static long AllowedWh(long capacityW, TimeSpan interval)
    {
        if (capacityW <= 0 || interval <= TimeSpan.Zero)
        {
            return 0;
        }

        var wh = (Int128)capacityW * interval.Ticks / TimeSpan.TicksPerHour;
        return wh > long.MaxValue ? long.MaxValue : (long)wh;
    }
}
