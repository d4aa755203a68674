using Enerlectra.Abstractions.Market;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Xunit;

namespace Enerlectra.Persistence.Tests;

/// <summary>The PostgreSQL market event log: appended in order by one writer, read back from its tail, trimmed.</summary>
public sealed class MarketEventLogTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private ServiceProvider _services = null!;
    private PostgresMarketEventLog _log = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        await PostgresSchema.ApplyAsync(_db.ConnectionString);
        _services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(MarketEvent).Assembly)).BuildServiceProvider();
        _log = new PostgresMarketEventLog(NpgsqlDataSource.Create(_db.ConnectionString), "svc", _services.GetRequiredService<Serializer>());
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task A_market_without_a_log_has_no_tail()
    {
        var tail = await _log.ReadTailAsync("m", 10);

        Assert.False(tail.Exists);
        Assert.Empty(tail.Events);
    }

    [Fact]
    public async Task Events_append_after_the_head_the_writer_saw_and_a_stale_writer_changes_nothing()
    {
        var events = Events(1, 6);

        Assert.True(await _log.AppendAsync("m", 0, events[..4], bookVersion: 7));
        Assert.False(await _log.AppendAsync("m", 0, events[..2], bookVersion: 9));   // a stale activation
        Assert.False(await _log.AppendAsync("m", 5, events[4..], bookVersion: 9));   // a gap
        Assert.True(await _log.AppendAsync("m", 4, events[4..], bookVersion: 12));

        var tail = await _log.ReadTailAsync("m", 100);
        Assert.True(tail.Exists);
        Assert.Equal(6, tail.Sequence);
        Assert.Equal(12, tail.BookVersion);
        Assert.Equal(events, tail.Events);
        Assert.Equal(6, await _db.ScalarAsync<long>("SELECT count(*) FROM enerlectra_market_events"));
    }

    [Fact]
    public async Task The_tail_is_the_newest_events_oldest_first_and_an_empty_append_moves_only_the_book_version()
    {
        var events = Events(1, 10);
        await _log.AppendAsync("m", 0, events, bookVersion: 3);
        await _log.AppendAsync("other", 0, Events(1, 2, "other"), bookVersion: 1);

        Assert.True(await _log.AppendAsync("m", 10, [], bookVersion: 40));

        var tail = await _log.ReadTailAsync("m", 4);
        Assert.Equal(events[6..], tail.Events);
        Assert.Equal(10, tail.Sequence);
        Assert.Equal(40, tail.BookVersion);
    }

    [Fact]
    public async Task Trimming_forgets_old_events_but_not_the_head()
    {
        var events = Events(1, 10);
        await _log.AppendAsync("m", 0, events, bookVersion: 3);

        await _log.TrimAsync("m", 7);

        var tail = await _log.ReadTailAsync("m", 100);
        Assert.Equal(events[7..], tail.Events);
        Assert.Equal(10, tail.Sequence);
        Assert.True(await _log.AppendAsync("m", 10, Events(11, 1), bookVersion: 3));
    }

    private static MarketEvent[] Events(long first, int count, string marketId = "m") =>
        Enumerable.Range(0, count).Select(i => new MarketEvent(
            first + i, marketId, MarketEventKind.OfferCreated, new DateTimeOffset(2026, 12, 3, 12, 0, i, TimeSpan.Zero),
            Guid.NewGuid(), null, "seller", null, 1000, 200 + i, 0, 1000, "open")).ToArray();
}
