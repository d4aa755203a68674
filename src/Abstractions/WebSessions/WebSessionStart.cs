using Orleans;

namespace Enerlectra.Abstractions.WebSessions;

/// <summary>
/// What a family starts with: who signed in, on which device, and the hash of its first refresh token.
/// <see cref="KeptAfterExpiry"/>: how long the family stays in storage once its current refresh token has expired (or,
/// revoked, would have), so a late refresh still hears "expired" and the record of a theft can be read; then it is
/// deleted.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.WebSessionStart")]
public sealed record WebSessionStart(
    [property: Id(0)] string UserId,
    [property: Id(1)] IReadOnlyList<string> Roles,
    [property: Id(2)] string DeviceId,
    [property: Id(3)] string UserAgentHash,
    [property: Id(4)] string RefreshHash,
    [property: Id(5)] DateTimeOffset RefreshExpiresAt,
    [property: Id(6)] TimeSpan KeptAfterExpiry = default);
