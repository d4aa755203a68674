using System.Collections.Concurrent;
using Enerlectra.Abstractions.Market;
using Enerlectra.Grains.Market;

namespace Enerlectra.Tests.Support;

/// <summary>
/// The silo's real in-memory market event log with outages switched on per market: while broken, every append fails
/// before anything is written (as when the database connection drops), so the market must catch its log up from the
/// journal once it can write again. Everything else is the real log.
/// </summary>
public sealed class FaultyMarketEventLog : IMarketEventLog
{
    private readonly MemoryMarketEventLog _inner = new();
    private readonly ConcurrentDictionary<string, int> _broken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failed = new(StringComparer.Ordinal);

    public void Break(string marketId) => _broken[marketId] = 1;

    public void Repair(string marketId) => _broken.TryRemove(marketId, out _);

    /// <summary>How many appends to the market's log have failed so far.</summary>
    public int FailedAppends(string marketId) => _failed.GetValueOrDefault(marketId);

    public Task<MarketEventLogTail> ReadTailAsync(string marketId, int max, CancellationToken cancellationToken = default) =>
        _inner.ReadTailAsync(marketId, max, cancellationToken);

    public Task<bool> AppendAsync(string marketId, long afterSequence, IReadOnlyList<MarketEvent> events, long bookVersion, CancellationToken cancellationToken = default)
    {
        if (_broken.ContainsKey(marketId))
        {
            _failed.AddOrUpdate(marketId, 1, (_, n) => n + 1);
            throw new IOException($"Test fault: the event log connection of {marketId} dropped before the write.");
        }

        return _inner.AppendAsync(marketId, afterSequence, events, bookVersion, cancellationToken);
    }

    public Task TrimAsync(string marketId, long throughSequence, CancellationToken cancellationToken = default) =>
        _inner.TrimAsync(marketId, throughSequence, cancellationToken);
}
