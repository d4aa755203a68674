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
        var refill = elapsedTicks >= clock.TimestampFrequency * 3600
            ? full
            : elapsedTicks * perSecond * Milli / clock.TimestampFrequency;
        tokens = Math.Min(full, tokens + refill);
        // Only whole elapsed thousandths were credited; keep the remainder of the time for next call.
        var usedTicks = refill >= full || perSecond == 0 ? elapsedTicks : refill * clock.TimestampFrequency / (perSecond * Milli);
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
