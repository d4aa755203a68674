using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Xunit;

namespace Enerlectra.Persistence.Tests;

public sealed class SiloPersistenceTests : IAsyncLifetime
{
    private const string StateName = "counter";

    private readonly TestDatabase _db = new();
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Silo_starts_on_an_empty_database_with_postgres_clustering_storage_and_reminders()
    {
        // No explicit ApplyAsync: the silo's own lifecycle participant must create the schema.
        await using var silo = await TestSilo.StartAsync(_db.ConnectionString, _clusterId);

        Assert.Equal(PostgresSchema.ScriptNames.Count, await _db.ScalarAsync<long>($"SELECT count(*) FROM {PostgresSchema.MigrationsTable}"));
        Assert.Equal(1, await _db.ScalarAsync<long>(
            "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @c AND Status = 3 AND Port = @p",
            ("c", _clusterId), ("p", silo.SiloPort)));

        var grain = silo.Grains.GetGrain<ICounterGrain>("boot");
        Assert.Equal(3, await grain.Add(3));
        Assert.Equal(1, await _db.ScalarAsync<int>(
            "SELECT Version FROM OrleansStorage WHERE ServiceId = @s AND GrainIdExtensionString = 'boot'", ("s", TestSilo.ServiceId)));
    }

    [Fact]
    public async Task Grain_state_survives_a_full_silo_restart()
    {
        await using (var first = await TestSilo.StartAsync(_db.ConnectionString, _clusterId))
        {
            var grain = first.Grains.GetGrain<ICounterGrain>("restart");
            await grain.Add(5);
            await grain.Add(2);
        }

        await using var second = await TestSilo.StartAsync(_db.ConnectionString, _clusterId);
        var again = second.Grains.GetGrain<ICounterGrain>("restart");

        Assert.Equal(7, await again.Get());
        Assert.Equal("2", await again.GetETag());
        Assert.True(await again.RecordExists());
    }

    [Fact]
    public async Task Stale_writes_are_rejected_with_InconsistentStateException()
    {
        await using var silo = await TestSilo.StartAsync(_db.ConnectionString, _clusterId);
        var storage = Storage(silo);
        var grainId = GrainId.Create("counter", "stale");

        // Two activations that both believe the grain has never been written.
        var a = await ReadAsync(storage, grainId);
        var b = await ReadAsync(storage, grainId);
        Assert.Null(a.ETag);

        a.State!.Value = 1;
        await storage.WriteStateAsync(StateName, grainId, a);
        Assert.Equal("1", a.ETag);

        b.State!.Value = 2;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, b));

        // Up-to-date writer wins, the one still holding ETag 1 loses.
        var c = await ReadAsync(storage, grainId);
        c.State!.Value = 3;
        await storage.WriteStateAsync(StateName, grainId, c);
        a.State!.Value = 100;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, a));

        var final = await ReadAsync(storage, grainId);
        Assert.Equal(3, final.State!.Value);
        Assert.Equal("2", final.ETag);
    }

    [Fact]
    public async Task Of_many_concurrent_writers_with_the_same_ETag_exactly_one_wins()
    {
        await using var silo = await TestSilo.StartAsync(_db.ConnectionString, _clusterId);
        var storage = Storage(silo);
        var grainId = GrainId.Create("counter", "race");
        var seed = await ReadAsync(storage, grainId);
        await storage.WriteStateAsync(StateName, grainId, seed);

        var writers = await Task.WhenAll(Enumerable.Range(1, 8).Select(_ => ReadAsync(storage, grainId)));
        var outcomes = await Task.WhenAll(writers.Select((w, i) => Task.Run(async () =>
        {
            w.State!.Value = i + 1;
            try
            {
                await storage.WriteStateAsync(StateName, grainId, w);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        })));

        Assert.Equal(1, outcomes.Count(won => won));
        var winner = writers[Array.IndexOf(outcomes, true)];
        Assert.Equal(winner.State!.Value, (await ReadAsync(storage, grainId)).State!.Value);
    }

    [Fact]
    public async Task A_grain_whose_state_was_changed_behind_its_back_fails_its_next_write()
    {
        await using var silo = await TestSilo.StartAsync(_db.ConnectionString, _clusterId);
        var grain = silo.Grains.GetGrain<ICounterGrain>("behind-its-back");
        await grain.Add(1);

        var storage = Storage(silo);
        var other = await ReadAsync(storage, grain.GetGrainId());
        other.State!.Value = 50;
        await storage.WriteStateAsync(StateName, grain.GetGrainId(), other);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Add(1));
        Assert.Equal(50, (await ReadAsync(storage, grain.GetGrainId())).State!.Value);
    }

    [Fact]
    public async Task ClearStateAsync_empties_the_state_and_keeps_concurrency_control()
    {
        await using var silo = await TestSilo.StartAsync(_db.ConnectionString, _clusterId);
        var grain = silo.Grains.GetGrain<ICounterGrain>("clear");
        await grain.Add(4);
        var storage = Storage(silo);
        var beforeClear = await ReadAsync(storage, grain.GetGrainId());

        await grain.Clear();

        Assert.Equal(0, await grain.Get());
        Assert.False(await grain.RecordExists());
        Assert.Equal(1, await _db.ScalarAsync<long>(
            "SELECT count(*) FROM OrleansStorage WHERE GrainIdExtensionString = 'clear' AND PayloadBinary IS NULL AND Version = 2"));
        var afterClear = await ReadAsync(storage, grain.GetGrainId());
        Assert.False(afterClear.RecordExists);
        Assert.Equal(0, afterClear.State!.Value);

        // A writer that read before the clear must not resurrect the old state.
        beforeClear.State!.Value = 99;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain.GetGrainId(), beforeClear));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grain.GetGrainId(), beforeClear));

        Assert.Equal(1, await grain.Add(1));
        Assert.True(await grain.RecordExists());
    }

    [Fact]
    public async Task DeleteStateOnClear_removes_the_row_via_DeleteStorageKey()
    {
        const string deleting = "deleting";
        await using var silo = await TestSilo.StartAsync(_db.ConnectionString, _clusterId, s =>
            s.AddAdoNetGrainStorage(deleting, o =>
            {
                o.Invariant = PostgresHostingExtensions.Invariant;
                o.ConnectionString = _db.ConnectionString;
                o.DeleteStateOnClear = true;
            }));
        var storage = silo.Host.Services.GetRequiredKeyedService<IGrainStorage>(deleting);
        var grainId = GrainId.Create("counter", "delete-me");
        var state = await ReadAsync(storage, grainId);
        state.State!.Value = 8;
        await storage.WriteStateAsync(StateName, grainId, state);
        var stale = await ReadAsync(storage, grainId);

        await storage.ClearStateAsync(StateName, grainId, state);

        Assert.Null(state.ETag);
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM OrleansStorage WHERE GrainIdExtensionString = 'delete-me'"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grainId, stale));
        state.State!.Value = 9;
        await storage.WriteStateAsync(StateName, grainId, state);
        Assert.Equal(9, (await ReadAsync(storage, grainId)).State!.Value);
    }

    [Fact]
    public async Task A_registered_reminder_is_persisted_and_fires()
    {
        await using var silo = await TestSilo.StartAsync(_db.ConnectionString, _clusterId);
        var grain = silo.Grains.GetGrain<ICounterGrain>("ticker");

        await grain.StartTicking("tick", TimeSpan.FromSeconds(1));

        Assert.Equal(1000, await _db.ScalarAsync<long>(
            "SELECT Period FROM OrleansRemindersTable WHERE ServiceId = @s AND GrainId = @g AND ReminderName = 'tick'",
            ("s", TestSilo.ServiceId), ("g", grain.GetGrainId().ToString())));
        await Poll.UntilAsync(async () => await grain.Ticks() >= 2, "reminder 'tick' to fire twice");

        await grain.StopTicking("tick");
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM OrleansRemindersTable WHERE ReminderName = 'tick'"));
    }

    private static IGrainStorage Storage(TestSilo silo)
        => silo.Host.Services.GetRequiredKeyedService<IGrainStorage>(PostgresFixtureNames.Storage);

    private static async Task<GrainState<CounterState>> ReadAsync(IGrainStorage storage, GrainId grainId)
    {
        var state = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync(StateName, grainId, state);
        return state;
    }
}
