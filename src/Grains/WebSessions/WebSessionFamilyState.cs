using Enerlectra.Abstractions.WebSessions;

namespace Enerlectra.Grains.WebSessions;

[GenerateSerializer, Alias("enerlectra.WebSessionFamilyState")]
public sealed record WebSessionFamilyState
{
    [Id(0)] public bool Started { get; set; }
    [Id(1)] public bool Revoked { get; set; }
    [Id(2)] public string UserId { get; set; } = string.Empty;
    [Id(3)] public List<string> Roles { get; set; } = [];
    [Id(4)] public string DeviceId { get; set; } = string.Empty;
    [Id(5)] public string UserAgentHash { get; set; } = string.Empty;

    /// <summary>SHA-256 of the one refresh token that may be used next.</summary>
    [Id(6)] public string CurrentHash { get; set; } = string.Empty;
    [Id(7)] public DateTimeOffset CurrentExpiresAt { get; set; }

    /// <summary>Hashes of the latest consumed tokens (bounded), so a replay of one is recognised as theft, not noise.</summary>
    [Id(8)] public List<string> ConsumedHashes { get; set; } = [];
    [Id(9)] public int Rotations { get; set; }
    [Id(10)] public List<WebSessionEvent> Events { get; set; } = [];

    /// <summary>How long the family is kept after its refresh token expired; then its state is deleted.</summary>
    [Id(11)] public TimeSpan KeptAfterExpiry { get; set; }
}
