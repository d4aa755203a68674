namespace Enerlectra.Sandbox;

/// <summary>Settings of the mobile money sandbox, bound from the "Sandbox" configuration section when run alone.</summary>
public sealed class SandboxOptions
{
    /// <summary>The configuration section these options are bound from by Program.cs.</summary>
    public const string SectionName = "Sandbox";

    /// <summary>Where <see cref="MobileMoneySandbox.StartAsync"/> listens; port 0 picks a free port.</summary>
    public string Url { get; set; } = "http://127.0.0.1:0";

    /// <summary>The API user accepted by the token endpoint.</summary>
    public string ApiUser { get; set; } = "2f1b7a52-5c1d-4f51-9a3e-0d3c8a7b6e11";

    /// <summary>The API key accepted by the token endpoint.</summary>
    public string ApiKey { get; set; } = "sandbox-api-key";

    /// <summary>The Ocp-Apim-Subscription-Key required on every call.</summary>
    public string SubscriptionKey { get; set; } = "sandbox-subscription-key";

    /// <summary>The X-Target-Environment required on API calls.</summary>
    public string TargetEnvironment { get; set; } = "mtnzambia";

    /// <summary>The only currency accepted.</summary>
    public string Currency { get; set; } = "ZMW";

    /// <summary>Lifetime reported as expires_in for issued tokens.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long the simulated payer takes to answer the prompt (and an expiry takes to happen).
    /// Zero settles the outcome before the request-to-pay response is sent, which makes tests deterministic.
    /// </summary>
    public TimeSpan ApproveDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long after the outcome is final the callback is sent.</summary>
    public TimeSpan CallbackDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Send the failure reason as an object {code, message} instead of a bare string (MTN has done both).</summary>
    public bool ReasonAsObject { get; set; }
}
