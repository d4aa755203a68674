namespace Enerlectra.Grains.WalletConnections;

/// <summary>Wallet linking settings (configuration section "WalletConnection").</summary>
public sealed class WalletConnectionOptions
{
    public const string SectionName = "WalletConnection";

    /// <summary>How long a challenge can be signed; short, so a leaked message is soon worthless.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Named in the message, so a user sees which site they are signing for (and it cannot be replayed elsewhere).</summary>
    public string SiteName { get; set; } = "Enerlectra";
}
