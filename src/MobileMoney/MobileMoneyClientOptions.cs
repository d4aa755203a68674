namespace Enerlectra.MobileMoney;

/// <summary>
/// Settings every provider client shares: per-attempt timeout, retries, circuit breaker and token refresh margin.
/// Each provider's options class adds its endpoint and credentials and is bound from its own section.
/// </summary>
public abstract class MobileMoneyClientOptions
{
    /// <summary>How long one HTTP attempt may take before it counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Retries after the first attempt for transient failures (timeouts, 5xx, 429, connection errors).</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Share of failed attempts within <see cref="CircuitBreakerSamplingDuration"/> that opens the circuit.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed within the sampling window before the circuit may open (at least 2).</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Window over which failures are counted (at least 500 ms).</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before letting a trial call through (at least 500 ms).</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An access token is replaced this long before the provider says it expires.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Adds what is wrong with the shared settings to <paramref name="problems"/>.</summary>
    /// <param name="sectionName">The section the options come from, so messages say where to look.</param>
    /// <param name="problems">Where problems are collected.</param>
    protected void ValidateResilience(string sectionName, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (RequestTimeout <= TimeSpan.Zero || MaxRetryAttempts < 0 || RetryBaseDelay < TimeSpan.Zero)
        {
            problems.Add($"{sectionName}: {nameof(RequestTimeout)} must be positive, retries and delays not negative.");
        }

        if (CircuitBreakerFailureRatio is <= 0 or > 1
            || CircuitBreakerMinimumThroughput < 2
            || CircuitBreakerSamplingDuration < TimeSpan.FromMilliseconds(500)
            || CircuitBreakerBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            problems.Add($"{sectionName}: circuit breaker needs a ratio in (0,1], throughput ≥ 2, durations ≥ 500 ms.");
        }

        if (TokenRefreshMargin < TimeSpan.Zero)
        {
            problems.Add($"{sectionName}:{nameof(TokenRefreshMargin)} must not be negative.");
        }
    }
}
