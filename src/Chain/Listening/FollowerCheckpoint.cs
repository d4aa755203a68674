namespace Enerlectra.Chain.Listening;

/// <summary>
/// Where the follower is: the last processed block and the hashes of recently processed blocks (newest last, at
/// most the follower's recent window). Plain data: the caller stores it (grain state) and hands it back.
/// </summary>
/// <param name="BlockNumber">The last block whose logs were processed; fromBlock - 1 before the first step.</param>
/// <param name="BlockHash">That block's hash; null before the first step and after a rewind deeper than the window.</param>
/// <param name="Recent">Recently processed blocks, ascending, all at or below <paramref name="BlockNumber"/>.</param>
public sealed record FollowerCheckpoint(long BlockNumber, string? BlockHash, IReadOnlyList<BlockRef> Recent)
{
    /// <summary>Before block <paramref name="fromBlock"/>: the first step reads from it.</summary>
    public static FollowerCheckpoint Start(long fromBlock) => new(fromBlock - 1, null, []);
}
