namespace Enerlectra.Grains.Chain;

[GenerateSerializer, Alias("enerlectra.ChainMirrorState")]
public sealed record ChainMirrorState
{
    /// <summary>Work still to do on-chain, oldest first; offers are mirrored before anything else (see ChainMirrorGrain.NextJob).</summary>
    [Id(0)] public List<MirrorJob> Queue { get; set; } = [];
    [Id(1)] public long Completed { get; set; }
    [Id(2)] public long GivenUp { get; set; }
    [Id(3)] public string? LastError { get; set; }
    [Id(4)] public DateTimeOffset? LastMirroredAt { get; set; }
}

[GenerateSerializer, Immutable, Alias("enerlectra.MirrorJob")]
public sealed record MirrorJob(
    [property: Id(0)] MirrorJobKind Kind,
    [property: Id(1)] Guid Id,
    [property: Id(2)] DateTimeOffset QueuedAt);

public enum MirrorJobKind
{
    Offer = 0,
    Trade = 1,
    CloseOffer = 2,

    /// <summary>An offer whose mirror was reorganised away: its settled trades are recorded or collected again.</summary>
    RecoverTrades = 3,
}
