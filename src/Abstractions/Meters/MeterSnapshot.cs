using Orleans;

namespace Enerlectra.Abstractions.Meters;

/// <summary>A meter identity and every user it was ever bound to (removed bindings stay, inactive, for the record).</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.MeterSnapshot")]
public sealed record MeterSnapshot(
    [property: Id(0)] string MeterId,
    [property: Id(1)] IReadOnlyList<MeterBindingSnapshot> Bindings);
