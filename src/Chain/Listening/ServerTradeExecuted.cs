namespace Enerlectra.Chain.Listening;

/// <summary>ServerTradeExecuted: the operator executed the server's trade <paramref name="TradeId"/> for a wallet buyer.</summary>
public sealed record ServerTradeExecuted(int IndexInTransaction, Guid TradeId, long OfferId, string Buyer)
    : ChainEvent(IndexInTransaction);
