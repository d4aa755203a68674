namespace Enerlectra.Soak.Faults;

/// <summary>One injected fault: when it began, when its cause was removed (the process restarted, the route back).</summary>
public sealed record FaultRecord(string Name, DateTimeOffset InjectedAt, DateTimeOffset HealedAt, string? Error = null);
