namespace Enerlectra.Grains.WalletConnections;

[GenerateSerializer, Alias("enerlectra.WalletConnectionState")]
public sealed record WalletConnectionState
{
    /// <summary>The linked address (checksummed), or null.</summary>
    [Id(0)] public string? Address { get; set; }
    [Id(1)] public DateTimeOffset? LinkedAt { get; set; }

    /// <summary>The latest challenge; kept after use (with <see cref="ChallengeUsed"/>) so a replay is told apart from "no challenge".</summary>
    [Id(2)] public string? ChallengeMessage { get; set; }
    [Id(3)] public DateTimeOffset ChallengeExpiresAt { get; set; }
    [Id(4)] public bool ChallengeUsed { get; set; }
}
