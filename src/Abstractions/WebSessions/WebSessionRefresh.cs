using Orleans;

namespace Enerlectra.Abstractions.WebSessions;

/// <summary>
/// A refresh request: the hash of the presented token, the device it comes from, and the hash of the token that replaces
/// it (made by the gateway, so the grain never sees a token itself).
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.WebSessionRefresh")]
public sealed record WebSessionRefresh(
    [property: Id(0)] string PresentedHash,
    [property: Id(1)] string DeviceId,
    [property: Id(2)] string UserAgentHash,
    [property: Id(3)] string NextHash,
    [property: Id(4)] DateTimeOffset NextExpiresAt);
