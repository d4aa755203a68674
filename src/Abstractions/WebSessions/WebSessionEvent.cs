using Orleans;

namespace Enerlectra.Abstractions.WebSessions;

/// <summary>One recorded event of a family, with a short detail (the reason, or the device that was refused).</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.WebSessionEvent")]
public sealed record WebSessionEvent(
    [property: Id(0)] WebSessionEventKind Kind,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Detail);
