using Orleans;

namespace Enerlectra.Abstractions.WalletConnections;

/// <summary>A user's linked wallet address (checksummed), or none.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.WalletConnectionSnapshot")]
public sealed record WalletConnectionSnapshot(
    [property: Id(0)] string UserId,
    [property: Id(1)] string? Address,
    [property: Id(2)] DateTimeOffset? LinkedAt)
{
    public bool IsConnected => Address is not null;
}
