using Enerlectra.Abstractions.Market;

namespace Enerlectra.Grains.Market;

/// <summary>The Development profile's market event log: the same contract in process memory (lost when the process stops).</summary>
public sealed class MemoryMarketEventLog : IMarketEventLog
{
    private readonly Dictionary<string, Log> _logs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task<MarketEventLogTail> ReadTailAsync(string marketId, int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_logs.TryGetValue(marketId, out var log))
            {
                return Task.FromResult(new MarketEventLogTail(false, 0, 0, []));
            }

            var tail = log.Events.Skip(Math.Max(0, log.Events.Count - max)).ToList();
            return Task.FromResult(new MarketEventLogTail(true, log.Sequence, log.BookVersion, tail));
        }
    }

    public Task<bool> AppendAsync(string marketId, long afterSequence, IReadOnlyList<MarketEvent> events, long bookVersion, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_logs.TryGetValue(marketId, out var log))
            {
                if (log.Sequence != afterSequence)
                {
                    return Task.FromResult(false);
                }
            }
            else
            {
                log = new Log();
                _logs.Add(marketId, log);
            }

            log.Events.AddRange(events);
            log.Sequence = afterSequence + events.Count;
            log.BookVersion = bookVersion;
            return Task.FromResult(true);
        }
    }

    public Task TrimAsync(string marketId, long throughSequence, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_logs.TryGetValue(marketId, out var log))
            {
                log.Events.RemoveAll(e => e.Sequence <= throughSequence);
            }
        }

        return Task.CompletedTask;
    }

    private sealed class Log
    {
        public List<MarketEvent> Events { get; } = [];

        public long Sequence { get; set; }

        public long BookVersion { get; set; }
    }
}
