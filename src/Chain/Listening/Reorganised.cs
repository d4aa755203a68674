namespace Enerlectra.Chain.Listening;

/// <summary>
/// The blocks above <c>RewoundTo.BlockNumber</c> were replaced: undo whatever was applied from them, store
/// <paramref name="RewoundTo"/> and call again (the replacing blocks come as <see cref="Advanced"/>).
/// </summary>
public sealed record Reorganised(FollowerCheckpoint RewoundTo, long Head) : FollowStep
{
    public override long Head { get; } = Head;
}
