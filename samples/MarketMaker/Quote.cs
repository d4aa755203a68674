namespace Enerlectra.MarketMaker;

/// <summary>One order the market maker wants resting: <paramref name="Level"/> 0 is the best price of its side.</summary>
public sealed record Quote(QuoteSide Side, int Level, long PriceNgweePerKwh, long QuantityWh)
{
    /// <summary>"buy" or "sell", for <c>PlaceOrderRequest.side</c>.</summary>
    public string ApiSide => Side == QuoteSide.Buy ? "buy" : "sell";
}
