using System.Runtime.CompilerServices;
using Enerlectra.Exchange.Events;

namespace Enerlectra.Exchange.Journal;

/// <summary>The Development profile's journal: the same contract in process memory (lost when the process stops).</summary>
public sealed class MemoryMarketJournal : IMarketJournal
{
    private readonly Dictionary<string, Stream> _streams = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task<JournalContents> LoadAsync(string streamId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var stream = Get(streamId);
            var after = stream.Snapshot?.Version ?? 0;
            return Task.FromResult(new JournalContents(stream.Snapshot, stream.Events.Where(e => e.Version > after).ToList()));
        }
    }

    public Task<bool> AppendAsync(string streamId, long firstVersion, IReadOnlyList<MarketJournalEvent> events, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var stream = Get(streamId);
            if (stream.Events.Count != firstVersion - 1)
            {
                return Task.FromResult(false);
            }

            for (var i = 0; i < events.Count; i++)
            {
                stream.Events.Add(new JournalEntry(firstVersion + i, events[i]));
            }

            return Task.FromResult(true);
        }
    }

    public Task SaveSnapshotAsync(string streamId, MarketSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var stream = Get(streamId);
            if (stream.Snapshot is null || stream.Snapshot.Version < snapshot.Version)
            {
                stream.Snapshot = snapshot;
            }
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<JournalEntry> ReadAsync(string streamId, long afterVersion, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<JournalEntry> copy;
        lock (_lock)
        {
            copy = Get(streamId).Events.Where(e => e.Version > afterVersion).ToList();
        }

        foreach (var entry in copy)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }

        await Task.CompletedTask;
    }

    private Stream Get(string streamId)
    {
        if (!_streams.TryGetValue(streamId, out var stream))
        {
            stream = new Stream();
            _streams.Add(streamId, stream);
        }

        return stream;
    }

    private sealed class Stream
    {
        public List<JournalEntry> Events { get; } = [];

        public MarketSnapshot? Snapshot { get; set; }
    }
}
