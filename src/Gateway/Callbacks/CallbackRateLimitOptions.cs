namespace Enerlectra.Gateway.Callbacks;

/// <summary>
/// How many provider callbacks the gateway takes (configuration section "CallbackRateLimit"): per client address and
/// in total, each per <see cref="Window"/>. Beyond either, a callback is answered 429 with Retry-After and nothing is
/// done. A provider calls from a few addresses at about the rate its payments finish, so the per-client budget must
/// cover one provider's busiest second; a flood from one address then uses at most that much of the total.
/// </summary>
public sealed class CallbackRateLimitOptions
{
    public const string SectionName = "CallbackRateLimit";

    /// <summary>Callbacks one client address (an IPv6 client: its /64) may send per window.</summary>
    public int PerClientPermits { get; set; } = 100;

    /// <summary>Callbacks all clients together may send per window.</summary>
    public int TotalPermits { get; set; } = 400;

    /// <summary>The budgets refill in full once per window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);
}
