using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Meters;
using Enerlectra.Tests.Support;
using Xunit;

namespace Enerlectra.Tests.Grains;

/// <summary>What a meter forgets beyond its window of recent readings can still never be credited twice.</summary>
public class MeterReadingWindowTests(MeterWindowClusterFixture fixture) : IClassFixture<MeterWindowClusterFixture>
{
    private readonly Trading _t = new(fixture.Client);

    [Fact]
    public async Task A_reading_older_than_the_window_is_refused_for_its_time_and_a_reused_id_is_withdrawn()
    {
        var meter = _t.Meter(Names.User("meter"));
        var user = Names.User("prosumer");
        var t0 = DateTimeOffset.UtcNow.AddHours(-10);
        await meter.RegisterAsync(new RegisterMeterCommand(user, 1_000, t0, "ops"));
        for (var i = 1; i <= MeterWindowClusterFixture.Window + 1; i++)
        {
            await meter.RecordReadingAsync(new MeterReading(user, $"r-{i}", 1_000, t0.AddHours(i)));
        }

        var before = await _t.Wallet(user).GetAsync();
        Assert.Equal(3_000, before.GeneratedWh);

        // r-1 is forgotten; repeated, its time (before the latest reading) refuses it: not credited again.
        await Trading.RefusedAsync(() => meter.RecordReadingAsync(new MeterReading(user, "r-1", 1_000, t0.AddHours(1))), ErrorKind.FailedPrecondition, "readAt");
        // r-3 is remembered: the same answer.
        Assert.Equal(before, await meter.RecordReadingAsync(new MeterReading(user, "r-3", 1_000, t0.AddHours(3))));

        // r-1 reused later with another value: the wallet knows that id, so the reading is withdrawn, not half-recorded.
        await Trading.RefusedAsync(() => meter.RecordReadingAsync(new MeterReading(user, "r-1", 900, t0.AddHours(4))), ErrorKind.AlreadyExists, "readingId");
        var binding = (await meter.GetAsync()).Bindings.Single();
        Assert.Equal((t0.AddHours(3), "r-3", 3_000L, 3L), (binding.LastReadAt!.Value, binding.LastReadingId, binding.GeneratedWh, binding.ReadingCount));
        Assert.Equal(before, await _t.Wallet(user).GetAsync());
        // The withdrawn reading took no interval: the next one still has the full hour since r-3.
        Assert.Equal(4_000, (await meter.RecordReadingAsync(new MeterReading(user, "r-4", 1_000, t0.AddHours(4)))).GeneratedWh);
    }
}
