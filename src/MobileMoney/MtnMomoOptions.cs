namespace Enerlectra.MobileMoney;

/// <summary>Settings for <see cref="MtnMomoClient"/>, bound from the <see cref="SectionName"/> configuration section.</summary>
public sealed class MtnMomoOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "MobileMoney:Mtn";

    /// <summary>Root of the MTN MoMo API, e.g. "https://proxy.momoapi.mtn.com/" (any path is kept).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The Collection product's primary key, sent as Ocp-Apim-Subscription-Key on every call.</summary>
    public string SubscriptionKey { get; set; } = string.Empty;

    /// <summary>The API user (a UUID issued by MTN).</summary>
    public string ApiUser { get; set; } = string.Empty;

    /// <summary>The API key paired with <see cref="ApiUser"/>.</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The X-Target-Environment header value.</summary>
    public string TargetEnvironment { get; set; } = "mtnzambia";

    /// <summary>The ISO currency sent with every collection.</summary>
    public string Currency { get; set; } = "ZMW";

    /// <summary>
    /// Base for relative <see cref="CollectionRequest.CallbackUrl"/> values; absolute callback URLs are sent as they are.
    /// </summary>
    public Uri? CallbackBaseUrl { get; set; }

    /// <summary>The note shown to us (the payee) on each collection.</summary>
    public string PayeeNote { get; set; } = "Enerlectra";

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

    /// <summary>An access token is replaced this long before MTN says it expires.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Lists what is wrong with these settings; empty when they are usable.</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BaseUrl is not { IsAbsoluteUri: true })
        {
            problems.Add($"{SectionName}:{nameof(BaseUrl)} must be an absolute URL.");
        }

        if (string.IsNullOrWhiteSpace(SubscriptionKey))
        {
            problems.Add($"{SectionName}:{nameof(SubscriptionKey)} is required.");
        }

        if (string.IsNullOrWhiteSpace(ApiUser) || string.IsNullOrWhiteSpace(ApiKey))
        {
            problems.Add($"{SectionName}:{nameof(ApiUser)} and {nameof(ApiKey)} are required.");
        }

        if (string.IsNullOrWhiteSpace(TargetEnvironment) || string.IsNullOrWhiteSpace(Currency))
        {
            problems.Add($"{SectionName}:{nameof(TargetEnvironment)} and {nameof(Currency)} are required.");
        }

        if (CallbackBaseUrl is { IsAbsoluteUri: false })
        {
            problems.Add($"{SectionName}:{nameof(CallbackBaseUrl)} must be an absolute URL.");
        }

        if (RequestTimeout <= TimeSpan.Zero || MaxRetryAttempts < 0 || RetryBaseDelay < TimeSpan.Zero)
        {
            problems.Add($"{SectionName}: {nameof(RequestTimeout)} must be positive, retries and delays not negative.");
        }

        if (CircuitBreakerFailureRatio is <= 0 or > 1
            || CircuitBreakerMinimumThroughput < 2
            || CircuitBreakerSamplingDuration < TimeSpan.FromMilliseconds(500)
            || CircuitBreakerBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            problems.Add($"{SectionName}: circuit breaker needs a ratio in (0,1], throughput ≥ 2, durations ≥ 500 ms.");
        }

        if (TokenRefreshMargin < TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:{nameof(TokenRefreshMargin)} must not be negative.");
        }

        return problems;
    }
}
