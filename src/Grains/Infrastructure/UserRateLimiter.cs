namespace Enerlectra.Grains.Infrastructure;

/// <summary>
/// A token bucket per user: up to <c>burst</c> at once, refilled at <c>perSecond</c> (counted in thousandths of a
/// token, integers only). In memory, per activation: a limit against runaway clients, not an accounting rule.
/// </summary>
public sealed class UserRateLimiter(int perSecond, int burst, TimeProvider clock)
{
    private const long Milli = 1000;
    private readonly Dictionary<string, (long MilliTokens, long At)> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes <paramref name="count"/> tokens if the user has them.</summary>
    public bool TryTake(string userId, int count = 1)
    {
        var now = clock.GetTimestamp();
        var full = burst * Milli;
        var (tokens, at) = _buckets.TryGetValue(userId, out var bucket) ? bucket : (full, now);
        var elapsedTicks = Math.Max(0, now - at);
        // In Int128: ticks (10^9 a second on Linux) × rate × 1000 passes long.MaxValue after a few minutes' idleness
        // at a few thousand a second, and a wrapped, negative refill would lock the user out.
        var refill = (long)Int128.Min((Int128)elapsedTicks * perSecond * Milli / clock.TimestampFrequency, full);
        tokens = Math.Min(full, tokens + refill);
        // Only whole elapsed thousandths were credited; keep the remainder of the time for next call.
        var usedTicks = refill >= full || perSecond == 0
            ? elapsedTicks
            : (long)((Int128)refill * clock.TimestampFrequency / ((long)perSecond * Milli));
        var stamp = at + usedTicks;
        if (tokens < count * Milli)
        {
            _buckets[userId] = (tokens, stamp);
            return false;
        }

        _buckets[userId] = (tokens - count * Milli, stamp);
        if (_buckets.Count > 100_000)
        {
            foreach (var idle in _buckets.Where(b => b.Value.MilliTokens >= full).Select(b => b.Key).ToList())
            {
                _buckets.Remove(idle);
            }
        }

        return true;
    }
}
