using Orleans;

namespace Enerlectra.Abstractions.Chain;

[GenerateSerializer, Immutable, Alias("enerlectra.ChainMirrorStatus")]
public sealed record ChainMirrorStatus(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] int Pending,
    [property: Id(2)] long Completed,
    [property: Id(3)] long GivenUp,
    [property: Id(4)] string? LastError,
    [property: Id(5)] DateTimeOffset? LastMirroredAt,
    [property: Id(6)] DateTimeOffset? OldestPendingSince)
{
    public static ChainMirrorStatus Disabled { get; } = new(false, 0, 0, 0, null, null, null);
}
