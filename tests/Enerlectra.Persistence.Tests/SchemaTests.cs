using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;

namespace Enerlectra.Persistence.Tests;

public sealed class SchemaTests : IAsyncLifetime
{
    // Every key Orleans 10.4.2 reads from OrleansQuery. The first 9 / 7 / 3 are mandatory (the
    // providers refuse to start without them); CleanupDefunctSiloEntryKey and DeleteStorageKey are
    // optional upgrades that change provider behaviour when present.
    public static readonly string[] RequiredQueryKeys =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        "CleanupDefunctSiloEntryKey", "DeleteStorageKey",
    ];

    private readonly TestDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Applying_twice_runs_every_script_once_and_then_nothing()
    {
        var first = await PostgresSchema.ApplyAsync(_db.ConnectionString);
        var second = await PostgresSchema.ApplyAsync(_db.ConnectionString);

        Assert.Equal(
            ["001_orleans_main.sql", "002_orleans_clustering.sql", "003_orleans_persistence.sql", "004_orleans_reminders.sql", "005_enerlectra_journal.sql", "006_enerlectra_market_events.sql"],
            first);
        Assert.Equal(PostgresSchema.ScriptNames, first);
        Assert.Empty(second);
        Assert.Equal(6, await _db.ScalarAsync<long>($"SELECT count(*) FROM {PostgresSchema.MigrationsTable} WHERE sha256 ~ '^[0-9a-f]{{64}}$'"));
    }

    [Fact]
    public async Task Every_query_key_the_providers_request_exists()
    {
        await PostgresSchema.ApplyAsync(_db.ConnectionString);

        var keys = new List<string>();
        await using var connection = new NpgsqlConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        Assert.Empty(RequiredQueryKeys.Except(keys));
        Assert.Equal(RequiredQueryKeys.Length, keys.Count);
    }

    [Fact]
    public async Task Concurrent_appliers_serialise_and_each_script_runs_exactly_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => PostgresSchema.ApplyAsync(_db.ConnectionString))));

        var executed = results.SelectMany(r => r).ToList();
        Assert.Equal(PostgresSchema.ScriptNames.Count, executed.Count);
        Assert.Equal(PostgresSchema.ScriptNames.OrderBy(n => n, StringComparer.Ordinal), executed.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(21, await _db.ScalarAsync<long>("SELECT count(*) FROM OrleansQuery"));
    }

    [Fact]
    public async Task A_changed_script_is_reapplied_with_a_warning()
    {
        await PostgresSchema.ApplyAsync(_db.ConnectionString);
        await _db.ExecuteAsync($"UPDATE {PostgresSchema.MigrationsTable} SET sha256 = 'stale' WHERE name = '003_orleans_persistence.sql'");
        // Simulates an older script version having left a different query text behind.
        await _db.ExecuteAsync("UPDATE OrleansQuery SET QueryText = 'broken' WHERE QueryKey = 'WriteToStorageKey'");

        var logger = new CapturingLogger();
        var executed = await PostgresSchema.ApplyAsync(_db.ConnectionString, logger);

        Assert.Equal(["003_orleans_persistence.sql"], executed);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("003_orleans_persistence.sql", StringComparison.Ordinal));
        Assert.Contains("orleans_storage_write", await _db.ScalarAsync<string>("SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey'"));
        Assert.Equal(0, await _db.ScalarAsync<long>($"SELECT count(*) FROM {PostgresSchema.MigrationsTable} WHERE sha256 = 'stale'"));
    }

    [Fact]
    public async Task Scripts_are_idempotent_even_without_the_migration_record()
    {
        await PostgresSchema.ApplyAsync(_db.ConnectionString);
        await _db.ExecuteAsync($"DROP TABLE {PostgresSchema.MigrationsTable}");

        var executed = await PostgresSchema.ApplyAsync(_db.ConnectionString);

        Assert.Equal(PostgresSchema.ScriptNames, executed);
        Assert.Equal(21, await _db.ScalarAsync<long>("SELECT count(*) FROM OrleansQuery"));
    }

    [Fact]
    public void Synchronous_apply_is_equivalent()
    {
        Assert.Equal(PostgresSchema.ScriptNames, PostgresSchema.Apply(_db.ConnectionString));
        Assert.Empty(PostgresSchema.Apply(_db.ConnectionString));
    }

    private sealed class CapturingLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
