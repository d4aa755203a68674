using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Meters;
using Enerlectra.Tests.Support;
using Xunit;

namespace Enerlectra.Tests.Grains;

/// <summary>A meter reports only for the users it is registered for, and no more than its capacity generates in the time since its last reading.</summary>
public class MeterGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly Trading _t = new(fixture.Client);

    /// <summary>Ten hours ago, in whole seconds: readings are timed from here, all in the past.</summary>
    private static DateTimeOffset Start()
    {
        var ticks = DateTimeOffset.UtcNow.AddHours(-10).UtcTicks;
        return new DateTimeOffset(ticks - ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    [Fact]
    public async Task A_meter_not_registered_for_the_user_is_refused_and_nothing_is_credited()
    {
        var meterId = Names.User("meter");
        var meter = _t.Meter(meterId);
        var user = Names.User("prosumer");
        var other = Names.User("prosumer");

        var unknown = await Trading.RefusedAsync(() => meter.RecordReadingAsync(new MeterReading(user, "r-1", 1_000, null)), ErrorKind.PermissionDenied, "userId");
        Assert.Contains(meterId, unknown.Message);
        Assert.Contains(user, unknown.Message);

        // Registered for someone else: still not for this user.
        var t0 = Start();
        await meter.RegisterAsync(new RegisterMeterCommand(other, 5_000, t0, "ops"));
        await Trading.RefusedAsync(() => meter.RecordReadingAsync(new MeterReading(user, "r-1", 1_000, t0.AddHours(1))), ErrorKind.PermissionDenied, "userId");

        var wallet = await _t.Wallet(user).GetAsync();
        Assert.Equal((0L, 0L, 0L), (wallet.GeneratedWh, wallet.AvailableWh, wallet.Version));
        Assert.Null((await meter.GetAsync()).Bindings.Single().LastReadAt);
    }

    [Fact]
    public async Task Within_capacity_is_credited_and_over_capacity_is_refused_with_the_allowance_and_interval()
    {
        var meter = _t.Meter(Names.User("meter"));
        var user = Names.User("prosumer");
        var t0 = Start();
        await meter.RegisterAsync(new RegisterMeterCommand(user, 2_000, t0, "ops"));

        // 2 kW for 30 minutes is 1,000 Wh.
        var over = await Trading.RefusedAsync(
            () => meter.RecordReadingAsync(new MeterReading(user, "r-1", 1_001, t0.AddMinutes(30))), ErrorKind.FailedPrecondition, "generatedWh");
        Assert.Contains("at most 1000 Wh", over.Message);
        Assert.Contains("1800 s", over.Message);
        Assert.Contains("2000 W", over.Message);
        var untouched = await _t.Wallet(user).GetAsync();
        Assert.Equal((0L, 0L), (untouched.GeneratedWh, untouched.Version));

        var credited = await meter.RecordReadingAsync(new MeterReading(user, "r-1", 1_000, t0.AddMinutes(30)));
        Assert.Equal((1_000L, 1_000L), (credited.GeneratedWh, credited.AvailableWh));

        // The next interval runs from the previous reading: 15 minutes, 500 Wh.
        var next = await Trading.RefusedAsync(
            () => meter.RecordReadingAsync(new MeterReading(user, "r-2", 501, t0.AddMinutes(45))), ErrorKind.FailedPrecondition, "generatedWh");
        Assert.Contains("at most 500 Wh", next.Message);
        Assert.Equal(1_500, (await meter.RecordReadingAsync(new MeterReading(user, "r-2", 500, t0.AddMinutes(45)))).GeneratedWh);

        var binding = (await meter.GetAsync()).Bindings.Single();
        Assert.Equal((t0.AddMinutes(45), "r-2", 1_500L, 2L), (binding.LastReadAt!.Value, binding.LastReadingId, binding.GeneratedWh, binding.ReadingCount));
    }

    [Fact]
    public async Task A_reading_must_come_after_commissioning_and_after_the_previous_reading_and_not_from_the_future()
    {
        var meter = _t.Meter(Names.User("meter"));
        var user = Names.User("prosumer");
        var t0 = Start();
        await meter.RegisterAsync(new RegisterMeterCommand(user, 10_000, t0, "ops"));

        var early = await Trading.RefusedAsync(() => meter.RecordReadingAsync(new MeterReading(user, "r-0", 1, t0.AddMinutes(-1))), ErrorKind.FailedPrecondition, "readAt");
        Assert.Contains("commissioned", early.Message);
        await Trading.RefusedAsync(() => meter.RecordReadingAsync(new MeterReading(user, "r-0", 1, t0)), ErrorKind.FailedPrecondition, "readAt");

        await meter.RecordReadingAsync(new MeterReading(user, "r-1", 1_000, t0.AddHours(1)));
        var same = await Trading.RefusedAsync(() => meter.RecordReadingAsync(new MeterReading(user, "r-2", 1, t0.AddHours(1))), ErrorKind.FailedPrecondition, "readAt");
        Assert.Contains("previous reading 'r-1'", same.Message);
        await Trading.RefusedAsync(() => meter.RecordReadingAsync(new MeterReading(user, "r-2", 1, t0.AddMinutes(30))), ErrorKind.FailedPrecondition, "readAt");

        // Beyond the allowed clock skew ahead of the server; within it, accepted as the meter says.
        await Trading.RefusedAsync(() => meter.RecordReadingAsync(new MeterReading(user, "r-2", 1, DateTimeOffset.UtcNow.AddMinutes(5))), ErrorKind.InvalidArgument, "readAt");
        var ahead = DateTimeOffset.UtcNow.AddSeconds(10);
        Assert.Equal(2_000, (await meter.RecordReadingAsync(new MeterReading(user, "r-2", 1_000, ahead))).GeneratedWh);
        Assert.Equal(ahead, (await meter.GetAsync()).Bindings.Single().LastReadAt);
    }

    [Fact]
    public async Task Repeating_an_accepted_reading_changes_nothing_and_the_same_id_with_another_value_conflicts()
    {
        var meter = _t.Meter(Names.User("meter"));
        var user = Names.User("prosumer");
        var t0 = Start();
        await meter.RegisterAsync(new RegisterMeterCommand(user, 1_000, t0, "ops"));
        await meter.RecordReadingAsync(new MeterReading(user, "r-1", 500, t0.AddHours(1)));
        var latest = await meter.RecordReadingAsync(new MeterReading(user, "r-2", 700, t0.AddHours(2)));
        var registration = await meter.GetAsync();

        // Its time is no longer after the latest reading, yet the retry gets its answer: the wallet, unchanged.
        var again = await meter.RecordReadingAsync(new MeterReading(user, "r-1", 500, t0.AddHours(1)));
        var withoutTime = await meter.RecordReadingAsync(new MeterReading(user, "r-1", 500, null));
        Assert.Equal(latest, again);
        Assert.Equal(latest, withoutTime);

        var conflict = await Trading.RefusedAsync(() => meter.RecordReadingAsync(new MeterReading(user, "r-1", 600, t0.AddHours(1))), ErrorKind.AlreadyExists, "readingId");
        Assert.Contains("500 Wh", conflict.Message);
        await Trading.RefusedAsync(() => meter.RecordReadingAsync(new MeterReading(user, "r-1", 500, t0.AddMinutes(90))), ErrorKind.AlreadyExists, "readingId");

        Assert.Equal(latest, await _t.Wallet(user).GetAsync());
        Assert.Equal(registration.Bindings, (await meter.GetAsync()).Bindings);
    }

    [Fact]
    public async Task One_identity_reports_for_several_users_each_with_its_own_capacity_and_interval()
    {
        var headEnd = _t.Meter(Names.User("head-end"));
        var (a, b) = (Names.User("prosumer"), Names.User("prosumer"));
        var t0 = Start();
        await headEnd.RegisterAsync(new RegisterMeterCommand(a, 1_000, t0, "ops"));
        await headEnd.RegisterAsync(new RegisterMeterCommand(b, 4_000, t0, "ops"));

        // The same reading id for two users is two readings.
        Assert.Equal(1_000, (await headEnd.RecordReadingAsync(new MeterReading(a, "2025-03-01T10", 1_000, t0.AddHours(1)))).GeneratedWh);
        Assert.Equal(4_000, (await headEnd.RecordReadingAsync(new MeterReading(b, "2025-03-01T10", 4_000, t0.AddHours(1)))).GeneratedWh);
        await Trading.RefusedAsync(() => headEnd.RecordReadingAsync(new MeterReading(a, "2025-03-01T11", 1_001, t0.AddHours(2))), ErrorKind.FailedPrecondition, "generatedWh");
        Assert.Equal(8_000, (await headEnd.RecordReadingAsync(new MeterReading(b, "2025-03-01T11", 4_000, t0.AddHours(2)))).GeneratedWh);

        var bindings = (await headEnd.GetAsync()).Bindings;
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), bindings.Select(x => x.UserId).Order(StringComparer.Ordinal));
        Assert.Equal(1_000, bindings.Single(x => x.UserId == a).GeneratedWh);
        Assert.Equal(8_000, bindings.Single(x => x.UserId == b).GeneratedWh);
    }

    [Fact]
    public async Task Unregistering_stops_readings_and_registering_again_cannot_claim_the_time_in_between()
    {
        var meter = _t.Meter(Names.User("meter"));
        var user = Names.User("prosumer");
        var t0 = Start();
        await meter.RegisterAsync(new RegisterMeterCommand(user, 1_000, t0, "ops"));
        await meter.RecordReadingAsync(new MeterReading(user, "r-1", 1_000, t0.AddHours(1)));

        // A new capacity keeps the interval running from the previous reading.
        var updated = (await meter.RegisterAsync(new RegisterMeterCommand(user, 2_000, null, "ops-2"))).Bindings.Single();
        Assert.Equal((2_000L, t0, "ops-2"), (updated.CapacityW, updated.CommissionedAt, updated.UpdatedBy));
        Assert.Equal(3_000, (await meter.RecordReadingAsync(new MeterReading(user, "r-2", 2_000, t0.AddHours(2)))).GeneratedWh);

        var removed = (await meter.UnregisterAsync(user, "ops")).Bindings.Single();
        Assert.False(removed.Active);
        Assert.Equal(removed, (await meter.UnregisterAsync(user, "ops")).Bindings.Single());
        await Trading.RefusedAsync(() => meter.RecordReadingAsync(new MeterReading(user, "r-3", 1, t0.AddHours(3))), ErrorKind.PermissionDenied, "userId");

        // Registered again without a commissioning time: from now, so the hours while unregistered are not claimable.
        var again = (await meter.RegisterAsync(new RegisterMeterCommand(user, 2_000, null, "ops"))).Bindings.Single();
        Assert.True(again.Active);
        Assert.True(again.CommissionedAt > t0.AddHours(9));
        await Trading.RefusedAsync(() => meter.RecordReadingAsync(new MeterReading(user, "r-3", 1, t0.AddHours(3))), ErrorKind.FailedPrecondition, "readAt");

        // An operator who knows the meter stayed may say so; still never before the previous reading.
        await meter.RegisterAsync(new RegisterMeterCommand(user, 2_000, t0, "ops"));
        await Trading.RefusedAsync(() => meter.RecordReadingAsync(new MeterReading(user, "r-3", 1, t0.AddHours(2))), ErrorKind.FailedPrecondition, "readAt");
        Assert.Equal(5_000, (await meter.RecordReadingAsync(new MeterReading(user, "r-3", 2_000, t0.AddHours(3)))).GeneratedWh);
    }

    [Fact]
    public async Task Registration_is_validated_and_repeating_it_changes_nothing()
    {
        var meterId = Names.User("meter");
        var meter = _t.Meter(meterId);
        var user = Names.User("prosumer");
        var missing = await Trading.RefusedAsync(meter.GetAsync, ErrorKind.NotFound, "meterId");
        Assert.Contains(meterId, missing.Message);
        await Trading.RefusedAsync(() => meter.RegisterAsync(new RegisterMeterCommand(user, 0, null, "ops")), ErrorKind.InvalidArgument, "capacityW");
        await Trading.RefusedAsync(() => meter.RegisterAsync(new RegisterMeterCommand(user, -5, null, "ops")), ErrorKind.InvalidArgument, "capacityW");
        await Trading.RefusedAsync(() => meter.RegisterAsync(new RegisterMeterCommand(user, 10_000_001, null, "ops")), ErrorKind.InvalidArgument, "capacityW");
        await Trading.RefusedAsync(() => meter.RegisterAsync(new RegisterMeterCommand("not a user", 1_000, null, "ops")), ErrorKind.InvalidArgument, "userId");
        await Trading.RefusedAsync(meter.GetAsync, ErrorKind.NotFound, "meterId");
        await Trading.RefusedAsync(() => meter.UnregisterAsync(user, "ops"), ErrorKind.NotFound, "userId");

        var first = await meter.RegisterAsync(new RegisterMeterCommand(user, 1_000, null, "ops"));
        var binding = first.Bindings.Single();
        Assert.Equal((user, 1_000L, true, "ops"), (binding.UserId, binding.CapacityW, binding.Active, binding.UpdatedBy));
        Assert.Equal(binding.UpdatedAt, binding.CommissionedAt);
        var repeated = await meter.RegisterAsync(new RegisterMeterCommand(user, 1_000, null, "ops-2"));
        Assert.Equal(first.Bindings, repeated.Bindings);
        Assert.Equal(first.Bindings, (await meter.RegisterAsync(new RegisterMeterCommand(user, 1_000, binding.CommissionedAt, "ops-2"))).Bindings);
    }
}
