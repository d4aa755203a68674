namespace Enerlectra.Chain.Listening;

/// <summary>
/// Nothing to apply: no new confirmed block, or the chain moved while the step was reading (then the checkpoint is
/// the one passed in, and calling again simply retries).
/// </summary>
public sealed record UpToDate(FollowerCheckpoint Checkpoint, long Head) : FollowStep
{
    public override long Head { get; } = Head;
}
