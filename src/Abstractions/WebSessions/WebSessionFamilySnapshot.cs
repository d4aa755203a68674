using Orleans;

namespace Enerlectra.Abstractions.WebSessions;

/// <summary>A family as an operator (or a test) sees it: never its token hashes.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.WebSessionFamilySnapshot")]
public sealed record WebSessionFamilySnapshot(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DeviceId,
    [property: Id(2)] bool IsActive,
    [property: Id(3)] int Rotations,
    [property: Id(4)] IReadOnlyList<WebSessionEvent> Events);
