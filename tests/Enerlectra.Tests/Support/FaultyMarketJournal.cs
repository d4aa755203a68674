using System.Collections.Concurrent;
using Enerlectra.Exchange;
using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Journal;

namespace Enerlectra.Tests.Support;

/// <summary>How a broken market journal fails an append.</summary>
public enum JournalFault
{
    /// <summary>The database connection drops before the batch is written: nothing was saved (the market cannot tell).</summary>
    BeforeWriting,

    /// <summary>The batch is committed, then the connection drops before the answer: it was saved (the market cannot tell).</summary>
    AfterWriting,
}

/// <summary>
/// The silo's real in-memory market journal with database outages switched on per market, the way the sandbox's
/// scenario numbers give providers theirs: an append fails either before or after it is written, so the market (and
/// whoever called it) cannot tell whether the change is durable. Everything else is the real journal, so a market
/// that restarts after a fault loads exactly what was written.
/// </summary>
public sealed class FaultyMarketJournal : IMarketJournal
{
    private readonly MemoryMarketJournal _inner = new();
    private readonly ConcurrentDictionary<string, JournalFault> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failed = new(StringComparer.Ordinal);

    /// <summary>Every append to <paramref name="marketId"/>'s journal fails this way until <see cref="Repair"/>.</summary>
    public void Break(string marketId, JournalFault fault) => _faults[Stream(marketId)] = fault;

    public void Repair(string marketId) => _faults.TryRemove(Stream(marketId), out _);

    /// <summary>How many appends to the market's journal have failed so far.</summary>
    public int FailedAppends(string marketId) => _failed.GetValueOrDefault(Stream(marketId));

    public Task<JournalContents> LoadAsync(string streamId, CancellationToken cancellationToken = default) => _inner.LoadAsync(streamId, cancellationToken);

    public async Task<bool> AppendAsync(string streamId, long firstVersion, IReadOnlyList<MarketJournalEvent> events, CancellationToken cancellationToken = default)
    {
        if (!_faults.TryGetValue(streamId, out var fault))
        {
            return await _inner.AppendAsync(streamId, firstVersion, events, cancellationToken);
        }

        if (fault == JournalFault.AfterWriting)
        {
            await _inner.AppendAsync(streamId, firstVersion, events, cancellationToken);
        }

        _failed.AddOrUpdate(streamId, 1, (_, n) => n + 1);
        throw new IOException($"Test fault: the journal connection of {streamId} dropped {(fault == JournalFault.AfterWriting ? "after" : "before")} the write.");
    }

    public Task SaveSnapshotAsync(string streamId, MarketSnapshot snapshot, CancellationToken cancellationToken = default) =>
        _inner.SaveSnapshotAsync(streamId, snapshot, cancellationToken);

    public IAsyncEnumerable<JournalEntry> ReadAsync(string streamId, long afterVersion, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(streamId, afterVersion, cancellationToken);

    private static string Stream(string marketId) => "market/" + marketId;
}
