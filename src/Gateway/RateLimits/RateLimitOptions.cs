namespace Enerlectra.Gateway.RateLimits;

/// <summary>
/// Request budgets (configuration section "RateLimits"), per signed-in user and per client address, for reads,
/// mutations and sign-ins; bots (listed users, or callers with <see cref="BotRole"/>) have budgets of their own. Over
/// any budget a request is refused (HTTP 429 with Retry-After; gRPC RESOURCE_EXHAUSTED) before it runs. The defaults
/// are far above what a person or the web app does, and above the benchmarks' bots (an order stream is one request).
/// Provider callbacks keep their own section, "CallbackRateLimit".
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    public RateBudget Reads { get; set; } = new(perUser: 200, perClient: 5_000, TimeSpan.FromSeconds(1));

    public RateBudget Mutations { get; set; } = new(perUser: 100, perClient: 2_000, TimeSpan.FromSeconds(1));

    /// <summary>Sign-in, session and dev-token routes: few per person, but a shared address may carry many people.</summary>
    public RateBudget SignIn { get; set; } = new(perUser: 100, perClient: 2_000, TimeSpan.FromSeconds(10));

    public RateBudget BotReads { get; set; } = new(perUser: 2_000, perClient: 10_000, TimeSpan.FromSeconds(1));

    public RateBudget BotMutations { get; set; } = new(perUser: 2_000, perClient: 10_000, TimeSpan.FromSeconds(1));

    /// <summary>User ids that get the bot budgets.</summary>
    public string[] BotUsers { get; set; } = [];

    /// <summary>A token role that gets the bot budgets (from the identity provider).</summary>
    public string BotRole { get; set; } = "bot";

    public void Validate()
    {
        Reads.Validate(nameof(Reads));
        Mutations.Validate(nameof(Mutations));
        SignIn.Validate(nameof(SignIn));
        BotReads.Validate(nameof(BotReads));
        BotMutations.Validate(nameof(BotMutations));
    }
}
