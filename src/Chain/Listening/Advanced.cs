namespace Enerlectra.Chain.Listening;

/// <summary>New confirmed blocks were read: apply <paramref name="Transactions"/> (in order), then store <paramref name="Checkpoint"/>.</summary>
public sealed record Advanced(IReadOnlyList<ChainTransaction> Transactions, FollowerCheckpoint Checkpoint, long Head) : FollowStep
{
    public override long Head { get; } = Head;
}
