using Orleans;

namespace Enerlectra.Abstractions.Chain;

/// <summary>Where the listener stands. <see cref="LastProcessedBlock"/> is -1 before the first block.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.ChainListenerStatus")]
public sealed record ChainListenerStatus(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] long LastProcessedBlock,
    [property: Id(2)] string? LastProcessedHash,
    [property: Id(3)] long HeadBlock,
    [property: Id(4)] DateTimeOffset? LastSyncAt,
    [property: Id(5)] string? LastError,
    [property: Id(6)] long OffersImported,
    [property: Id(7)] long TradesImported,
    [property: Id(8)] long Reorganisations,
    [property: Id(9)] int Confirmations)
{
    /// <summary>Blocks between the head and the last processed block (the confirmation depth is part of it).</summary>
    public long Lag => LagBehind(HeadBlock);

    /// <summary>Blocks between <paramref name="head"/> (say, the node's current head) and the last processed block.</summary>
    public long LagBehind(long head) => LastProcessedBlock < 0 ? head + 1 : Math.Max(0, head - LastProcessedBlock);

    public static ChainListenerStatus Disabled { get; } = new(false, -1, null, 0, null, null, 0, 0, 0, 0);
}
