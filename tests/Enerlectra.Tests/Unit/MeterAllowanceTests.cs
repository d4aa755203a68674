using System.Numerics;
using Enerlectra.Abstractions.Meters;
using Xunit;

namespace Enerlectra.Tests.Unit;

public class MeterAllowanceTests
{
    private const long Hour = TimeSpan.TicksPerHour;

    [Theory]
    // Exact: W × h = Wh.
    [InlineData(1_000, Hour, 1_000)]
    [InlineData(5_000, 10 * Hour, 50_000)]
    // 3 W for 20 minutes is exactly 1 Wh.
    [InlineData(3, Hour / 3, 1)]
    // One tick short of the hour: the last Wh is not yet generated (rounded down, never up).
    [InlineData(1_000, Hour - 1, 999)]
    [InlineData(1, Hour - 1, 0)]
    // 2 kW for 30 minutes, 15 minutes.
    [InlineData(2_000, Hour / 2, 1_000)]
    [InlineData(2_000, Hour / 4, 500)]
    // Nothing without capacity or time.
    [InlineData(0, Hour, 0)]
    [InlineData(-1_000, Hour, 0)]
    [InlineData(1_000, 0, 0)]
    [InlineData(1_000, -Hour, 0)]
    public void Capacity_times_interval_rounded_down(long capacityW, long ticks, long expectedWh)
    {
        Assert.Equal(expectedWh, MeterAllowance.AllowedWh(capacityW, TimeSpan.FromTicks(ticks)));
    }

    [Fact]
    public void Extreme_capacities_and_intervals_neither_overflow_nor_lose_precision()
    {
        // The product of the two would overflow 64 bits by far in each case.
        Assert.Equal(long.MaxValue, MeterAllowance.AllowedWh(long.MaxValue, TimeSpan.FromHours(1)));
        Assert.Equal(long.MaxValue, MeterAllowance.AllowedWh(long.MaxValue, TimeSpan.MaxValue));
        Assert.Equal(long.MaxValue / Hour, MeterAllowance.AllowedWh(long.MaxValue, TimeSpan.FromTicks(1)));
        Assert.Equal(long.MaxValue / Hour, MeterAllowance.AllowedWh(1, TimeSpan.MaxValue));
        // 10 MW for 10,957 days (30 years): 2,629,680,000,000 Wh exactly.
        Assert.Equal(2_629_680_000_000, MeterAllowance.AllowedWh(10_000_000, TimeSpan.FromDays(10_957)));
        Assert.Equal(0, MeterAllowance.AllowedWh(long.MinValue, TimeSpan.MaxValue));
        Assert.Equal(0, MeterAllowance.AllowedWh(long.MaxValue, TimeSpan.MinValue));
    }

    [Fact]
    public void Matches_exact_big_integer_arithmetic_over_many_values()
    {
        var random = new Random(20261202);
        for (var i = 0; i < 20_000; i++)
        {
            var capacityW = i % 3 == 0 ? random.NextInt64(1, 100_000) : random.NextInt64(1, long.MaxValue);
            var ticks = i % 2 == 0 ? random.NextInt64(1, 100 * Hour) : random.NextInt64(1, long.MaxValue);
            var exact = BigInteger.Min(new BigInteger(capacityW) * ticks / Hour, long.MaxValue);
            Assert.Equal((long)exact, MeterAllowance.AllowedWh(capacityW, TimeSpan.FromTicks(ticks)));
        }
    }
}
