using Orleans;

namespace Enerlectra.Abstractions.WalletConnections;

/// <summary>The message the user signs, exactly as it must be signed, and until when it is accepted.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.WalletChallenge")]
public sealed record WalletChallenge(
    [property: Id(0)] string Message,
    [property: Id(1)] string Nonce,
    [property: Id(2)] DateTimeOffset IssuedAt,
    [property: Id(3)] DateTimeOffset ExpiresAt);
