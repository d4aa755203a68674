using Orleans;

namespace Enerlectra.Abstractions.WebSessions;

/// <summary>The outcome of a refresh and, when rotated, whom the new session is for.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.WebSessionRotation")]
public sealed record WebSessionRotation(
    [property: Id(0)] RefreshOutcome Outcome,
    [property: Id(1)] string UserId,
    [property: Id(2)] IReadOnlyList<string> Roles)
{
    public static WebSessionRotation Refused(RefreshOutcome outcome) => new(outcome, string.Empty, []);
}
