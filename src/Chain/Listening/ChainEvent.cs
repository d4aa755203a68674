namespace Enerlectra.Chain.Listening;

/// <summary>
/// A decoded EnergyTrading event. <paramref name="IndexInTransaction"/> is the log's position among the
/// transaction's logs from the contract (decoded or not), so it stays the same when the transaction is re-mined in
/// another block, unlike the block's log index.
/// </summary>
public abstract record ChainEvent(int IndexInTransaction)
{
    /// <summary>"{txHash}:{IndexInTransaction}": the same across re-inclusion of the transaction after a reorg.</summary>
    public static string Id(string transactionHash, int indexInTransaction) => $"{transactionHash}:{indexInTransaction}";

    /// <summary>This event's stable id in transaction <paramref name="transactionHash"/>.</summary>
    public string IdIn(string transactionHash) => Id(transactionHash, IndexInTransaction);
}
