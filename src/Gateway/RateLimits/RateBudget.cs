namespace Enerlectra.Gateway.RateLimits;

/// <summary>
/// How many requests of one kind a user, and a client address, may make per <see cref="Window"/>. The budget refills
/// in full once per window (a token bucket), so it is also the largest burst.
/// </summary>
public sealed class RateBudget
{
    public int PerUser { get; set; }

    /// <summary>Per client address (an IPv6 client: its /64), signed in or not: what one NAT or one attacker gets.</summary>
    public int PerClient { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    public RateBudget()
    {
    }

    public RateBudget(int perUser, int perClient, TimeSpan window)
    {
        PerUser = perUser;
        PerClient = perClient;
        Window = window;
    }

    internal void Validate(string name)
    {
        if (PerUser <= 0 || PerClient <= 0 || Window <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{RateLimitOptions.SectionName}:{name}: PerUser and PerClient must be positive and Window longer than zero.");
        }
    }
}
