using Enerlectra.Exchange;
using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Journal;
using Enerlectra.Exchange.Model;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Xunit;

namespace Enerlectra.Persistence.Tests;

/// <summary>The PostgreSQL market journal: ordered batches, one writer per version, snapshots, reading back.</summary>
public sealed class MarketJournalTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private ServiceProvider _services = null!;
    private PostgresMarketJournal _journal = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        await PostgresSchema.ApplyAsync(_db.ConnectionString);
        _services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(MarketSnapshot).Assembly)).BuildServiceProvider();
        _journal = new PostgresMarketJournal(NpgsqlDataSource.Create(_db.ConnectionString), "svc", _services.GetRequiredService<Serializer>());
    }

    public async Task DisposeAsync()
    {
        await _journal.DisposeAsync();
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Batches_append_in_order_and_a_second_writer_at_the_same_version_is_refused()
    {
        var (events, _) = Trading(6);

        Assert.True(await _journal.AppendAsync("m", 1, events[..4]));
        Assert.False(await _journal.AppendAsync("m", 1, events[..2]));   // a stale writer
        Assert.False(await _journal.AppendAsync("m", 6, events[4..]));   // a gap
        Assert.True(await _journal.AppendAsync("m", 5, events[4..]));

        var read = new List<JournalEntry>();
        await foreach (var entry in _journal.ReadAsync("m", 0))
        {
            read.Add(entry);
        }

        Assert.Equal(Enumerable.Range(1, events.Length).Select(i => (long)i), read.Select(e => e.Version));
        Assert.Equal(events, read.Select(e => e.Event));
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT count(DISTINCT stream_id) FROM enerlectra_journal"));
    }

    [Fact]
    public async Task Loading_gives_the_latest_snapshot_and_only_the_events_after_it()
    {
        var (events, ledgerAt4) = Trading(6, snapshotAfter: 4);
        await _journal.AppendAsync("m", 1, events[..3]);
        await _journal.AppendAsync("m", 4, events[3..]);
        await _journal.SaveSnapshotAsync("m", ledgerAt4!);
        await _journal.SaveSnapshotAsync("m", new MarketLedger().ToSnapshot()); // older: ignored

        var loaded = await _journal.LoadAsync("m");

        Assert.Equal(4, loaded.Snapshot!.Version);
        Assert.Equal([5L, 6L], loaded.Events.Select(e => e.Version));
        var ledger = MarketLedger.FromSnapshot(loaded.Snapshot);
        loaded.Events.ToList().ForEach(e => ledger.Apply(e.Event));
        var replayed = new MarketLedger();
        events.ToList().ForEach(replayed.Apply);
        Assert.Equal(replayed.AccountView("s"), ledger.AccountView("s"));
        Assert.Equal(replayed.AccountView("b"), ledger.AccountView("b"));
    }

    [Fact]
    public async Task Streams_and_services_do_not_see_each_other()
    {
        var (events, _) = Trading(2);
        await _journal.AppendAsync("a", 1, events);
        await using var other = new PostgresMarketJournal(NpgsqlDataSource.Create(_db.ConnectionString), "other", _services.GetRequiredService<Serializer>());

        Assert.Empty((await other.LoadAsync("a")).Events);
        Assert.Empty((await _journal.LoadAsync("b")).Events);
        Assert.True(await other.AppendAsync("a", 1, events));
    }

    /// <summary>A few real events from the engine (and the ledger's snapshot after the first N of them).</summary>
    private static (MarketJournalEvent[] Events, MarketSnapshot? Snapshot) Trading(int count, int snapshotAfter = 0)
    {
        var engine = new MarketEngine(new MarketLedger(), new MarketRules());
        var now = DateTimeOffset.UtcNow;
        engine.CreditEnergy("s", 10_000, "r", now);
        engine.Deposit("b", 10_000, "d", "mtn", now);
        for (var i = 0; engine.Ledger.Version < count + 10; i++)
        {
            engine.Place(new OrderSpec("s", "s" + i, Side.Sell, 100, 250), now);
            engine.Place(new OrderSpec("b", "b" + i, Side.Buy, 50, 250), now);
        }

        var all = engine.TakeEvents().Take(count).ToArray();
        MarketSnapshot? snapshot = null;
        if (snapshotAfter > 0)
        {
            var ledger = new MarketLedger();
            all.Take(snapshotAfter).ToList().ForEach(ledger.Apply);
            snapshot = ledger.ToSnapshot();
        }

        return (all, snapshot);
    }
}
