using System.Threading.RateLimiting;
using Enerlectra.Abstractions.Phones;
using Microsoft.Extensions.Options;

namespace Enerlectra.Grains.Payments;

/// <summary>Status queries each provider tolerates per second, per silo (configuration section "StatusQueries").</summary>
public sealed class StatusQueryOptions
{
    public const string SectionName = "StatusQueries";

    /// <summary>MTN allows at most 10 status requests per second.</summary>
    public int MtnPerSecond { get; set; } = 10;

    public int AirtelPerSecond { get; set; } = 10;

    public int ZamtelPerSecond { get; set; } = 10;
}

/// <summary>
/// Paces status queries to each provider: a sweep over hundreds of unresolved payments waits its turn rather than
/// tripping the provider's rate limit (which would only produce more unknown outcomes).
/// </summary>
public sealed class StatusQueryLimiter : IDisposable
{
    private readonly Dictionary<MobileNetwork, TokenBucketRateLimiter> _limiters;

    public StatusQueryLimiter(IOptions<StatusQueryOptions> options)
    {
        var o = options.Value;
        _limiters = new()
        {
            [MobileNetwork.Mtn] = Create(o.MtnPerSecond),
            [MobileNetwork.Airtel] = Create(o.AirtelPerSecond),
            [MobileNetwork.Zamtel] = Create(o.ZamtelPerSecond),
        };
    }

    /// <summary>Waits for a slot, then runs the query.</summary>
    public async Task<T> RunAsync<T>(MobileNetwork network, Func<Task<T>> query, CancellationToken cancellationToken = default)
    {
        using var lease = await _limiters[network].AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException($"Too many status queries are waiting for {network}; try again later.");
        }

        return await query();
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    private static TokenBucketRateLimiter Create(int perSecond) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Math.Max(1, perSecond),
        TokensPerPeriod = Math.Max(1, perSecond),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 100_000,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });
}
