namespace Enerlectra.Abstractions.Market;

/// <summary>
/// Where a market's event log (the events its subscribers see and replay after a reconnect) is kept: appended in
/// batches, never rewritten, so a busy market pays for the events it adds and not for the ones it already has.
/// PostgreSQL in production; memory in the Development profile.
/// </summary>
public interface IMarketEventLog
{
    /// <summary>The log's head and its newest events (at most <paramref name="max"/>, oldest first).</summary>
    Task<MarketEventLogTail> ReadTailAsync(string marketId, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="events"/> (consecutive sequences right after <paramref name="afterSequence"/>, possibly
    /// none) and records that the log now follows the market's book up to journal version
    /// <paramref name="bookVersion"/>, in one commit. False when the head is no longer
    /// <paramref name="afterSequence"/> (another activation of the market wrote first): nothing was written.
    /// </summary>
    Task<bool> AppendAsync(string marketId, long afterSequence, IReadOnlyList<MarketEvent> events, long bookVersion, CancellationToken cancellationToken = default);

    /// <summary>Forgets events up to and including <paramref name="throughSequence"/> (older than any replay needs).</summary>
    Task TrimAsync(string marketId, long throughSequence, CancellationToken cancellationToken = default);
}

/// <summary>
/// The log as a market finds it on activation. <see cref="Exists"/> is false for a market that has never written
/// one (its events, if any, are still in its grain state from before the log was kept apart).
/// </summary>
public sealed record MarketEventLogTail(bool Exists, long Sequence, long BookVersion, IReadOnlyList<MarketEvent> Events);
