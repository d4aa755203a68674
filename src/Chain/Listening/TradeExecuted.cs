namespace Enerlectra.Chain.Listening;

/// <summary>TradeExecuted; amounts in ngwee. <paramref name="PaidOnChain"/> is false for mobile money (money moved off-chain).</summary>
public sealed record TradeExecuted(int IndexInTransaction, long OfferId, string Buyer, string Seller, long EnergyWh, long TotalPriceNgwee, long FeeNgwee, bool PaidOnChain)
    : ChainEvent(IndexInTransaction);
