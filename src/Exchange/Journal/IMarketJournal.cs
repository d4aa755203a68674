using Enerlectra.Exchange.Events;

namespace Enerlectra.Exchange.Journal;

/// <summary>
/// Where a market's events are made durable: append-only batches (one per group commit) and the latest snapshot.
/// PostgreSQL in production; memory in the Development profile.
/// </summary>
public interface IMarketJournal
{
    /// <summary>The latest snapshot (if any) and every event after it, in order.</summary>
    Task<JournalContents> LoadAsync(string streamId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="events"/> as versions <paramref name="firstVersion"/>.. in one commit. False when the
    /// stream's head is not <paramref name="firstVersion"/> − 1 (another writer got there first): nothing was written.
    /// </summary>
    Task<bool> AppendAsync(string streamId, long firstVersion, IReadOnlyList<MarketJournalEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Replaces the stream's snapshot with a newer one (an older one is ignored).</summary>
    Task SaveSnapshotAsync(string streamId, MarketSnapshot snapshot, CancellationToken cancellationToken = default);

    /// <summary>Every event after <paramref name="afterVersion"/>, in order (the whole history for audits).</summary>
    IAsyncEnumerable<JournalEntry> ReadAsync(string streamId, long afterVersion, CancellationToken cancellationToken = default);
}

public sealed record JournalContents(MarketSnapshot? Snapshot, IReadOnlyList<JournalEntry> Events);

public sealed record JournalEntry(long Version, MarketJournalEvent Event);
