namespace Enerlectra.ChainIntegration.Tests.Support;

/// <summary>
/// A chain reorganisation on the dev node: marks the head, and later replaces every block mined since with a longer
/// branch of empty blocks, as a real chain does when a competing branch wins. Hardhat drops the replaced blocks'
/// transactions instead of returning them to the pool.
/// </summary>
public sealed class ChainFork
{
    private readonly string _snapshot;
    private readonly long _head;

    private ChainFork(string snapshot, long head)
    {
        _snapshot = snapshot;
        _head = head;
    }

    /// <summary>Marks the current head as the point the branch will fork from.</summary>
    public static async Task<ChainFork> MarkAsync() => new(await TestChain.SnapshotAsync(), await TestChain.HeadAsync());

    /// <summary>
    /// Replaces the blocks mined since the mark with <paramref name="longerBy"/> more empty blocks than there were, so
    /// the new branch is the longer one; <paramref name="onTheNewBranch"/>, if given, is what happens first on the new
    /// branch. Returns the height the replaced branch had reached.
    /// </summary>
    public async Task<long> ReplaceWithLongerBranchAsync(int longerBy = 3, Func<Task>? onTheNewBranch = null)
    {
        var replacedHead = await TestChain.HeadAsync();
        await TestChain.RevertAsync(_snapshot);
        if (onTheNewBranch is not null)
        {
            await onTheNewBranch();
        }

        await DirectChain.MineAsync((int)(replacedHead - _head) + longerBy);
        return replacedHead;
    }
}
