namespace Enerlectra.Chain.Listening;

/// <summary>The outcome of one <see cref="ChainLogFollower.NextAsync"/>.</summary>
public abstract record FollowStep
{
    /// <summary>The node's head block when the step was taken.</summary>
    public abstract long Head { get; }
}
