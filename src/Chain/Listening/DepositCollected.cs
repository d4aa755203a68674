namespace Enerlectra.Chain.Listening;

/// <summary>DepositCollected: the operator collected the server's deposit <paramref name="DepositId"/> from a linked wallet.</summary>
public sealed record DepositCollected(int IndexInTransaction, Guid DepositId, string Account, long AmountNgwee)
    : ChainEvent(IndexInTransaction);
