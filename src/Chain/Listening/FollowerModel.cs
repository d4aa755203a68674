namespace Enerlectra.Chain.Listening;

/// <summary>A block by number and hash (0x-prefixed hex, as the node reports it).</summary>
public sealed record BlockRef(long Number, string Hash);

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

/// <summary>The outcome of one <see cref="ChainLogFollower.NextAsync"/>.</summary>
public abstract record FollowStep
{
    /// <summary>The node's head block when the step was taken.</summary>
    public abstract long Head { get; }
}

/// <summary>New confirmed blocks were read: apply <paramref name="Transactions"/> (in order), then store <paramref name="Checkpoint"/>.</summary>
public sealed record Advanced(IReadOnlyList<ChainTransaction> Transactions, FollowerCheckpoint Checkpoint, long Head) : FollowStep
{
    public override long Head { get; } = Head;
}

/// <summary>
/// The blocks above <c>RewoundTo.BlockNumber</c> were replaced: undo whatever was applied from them, store
/// <paramref name="RewoundTo"/> and call again (the replacing blocks come as <see cref="Advanced"/>).
/// </summary>
public sealed record Reorganised(FollowerCheckpoint RewoundTo, long Head) : FollowStep
{
    public override long Head { get; } = Head;
}

/// <summary>
/// Nothing to apply: no new confirmed block, or the chain moved while the step was reading (then the checkpoint is
/// the one passed in, and calling again simply retries).
/// </summary>
public sealed record UpToDate(FollowerCheckpoint Checkpoint, long Head) : FollowStep
{
    public override long Head { get; } = Head;
}

/// <summary>One transaction's EnergyTrading events, in log order. Hashes are lowercase 0x-hex.</summary>
public sealed record ChainTransaction(string TransactionHash, long BlockNumber, string BlockHash, IReadOnlyList<ChainEvent> Events)
{
    /// <summary>The stable id of one of this transaction's events (see <see cref="ChainEvent.IdIn"/>).</summary>
    public string IdOf(ChainEvent e) => e.IdIn(TransactionHash);
}

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

/// <summary>EnergyOfferCreated: a direct on-chain offer (energy escrowed from the seller).</summary>
public sealed record OfferCreated(int IndexInTransaction, long OfferId, string Seller, long EnergyWh, long PricePerKwh, long ExpiresAt, bool AcceptMobileMoney)
    : ChainEvent(IndexInTransaction);

/// <summary>TradeExecuted; amounts in ngwee. <paramref name="PaidOnChain"/> is false for mobile money (money moved off-chain).</summary>
public sealed record TradeExecuted(int IndexInTransaction, long OfferId, string Buyer, string Seller, long EnergyWh, long TotalPriceNgwee, long FeeNgwee, bool PaidOnChain)
    : ChainEvent(IndexInTransaction);

/// <summary>MobileMoneyPaymentReceived; <paramref name="OfferId"/> is 0 when no offer was involved.</summary>
public sealed record MobileMoneyPaymentReceived(int IndexInTransaction, string User, string Reference, long EnergyWh, long OfferId)
    : ChainEvent(IndexInTransaction);

/// <summary>EnergyOfferCancelled.</summary>
public sealed record OfferCancelled(int IndexInTransaction, long OfferId, string Seller, long ReturnedWh, string CancelledBy)
    : ChainEvent(IndexInTransaction);

/// <summary>EnergyOfferUpdated; <paramref name="Status"/> as <see cref="Contracts.ChainOfferStatus"/>.</summary>
public sealed record OfferUpdated(int IndexInTransaction, long OfferId, long RemainingWh, int Status)
    : ChainEvent(IndexInTransaction);

/// <summary>OfferMirrored: the server's offer <paramref name="ServerOfferId"/> is on-chain as <paramref name="OfferId"/>.</summary>
public sealed record OfferMirrored(int IndexInTransaction, Guid ServerOfferId, long OfferId)
    : ChainEvent(IndexInTransaction);

/// <summary>ServerTradeExecuted: the operator executed the server's trade <paramref name="TradeId"/> for a wallet buyer.</summary>
public sealed record ServerTradeExecuted(int IndexInTransaction, Guid TradeId, long OfferId, string Buyer)
    : ChainEvent(IndexInTransaction);

/// <summary>DepositCollected: the operator collected the server's deposit <paramref name="DepositId"/> from a linked wallet.</summary>
public sealed record DepositCollected(int IndexInTransaction, Guid DepositId, string Account, long AmountNgwee)
    : ChainEvent(IndexInTransaction);
