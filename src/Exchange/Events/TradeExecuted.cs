namespace Enerlectra.Exchange.Events;

/// <summary>
/// Two orders traded <see cref="QuantityWh"/> at the resting (maker) order's price. Money moves by the rounding rule
/// in <see cref="Pricing.FillPricing"/>: the buyer pays <see cref="BuyerPaysNgwee"/>, the seller receives
/// <see cref="SellerGrossNgwee"/> less <see cref="SellerFeeNgwee"/>, the platform keeps the fee, and the one-ngwee
/// roundings (<see cref="RoundingNgwee"/> = paid − gross, positive or negative) go to its rounding account. A buy
/// order that filled below its limit no longer needs all it held: <see cref="BuyerReleasedNgwee"/> goes back to the
/// buyer's available money.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.TradeExecuted")]
public sealed record TradeExecuted(
    DateTimeOffset At,
    [property: Id(0)] long TradeId,
    [property: Id(1)] long MakerOrderId,
    [property: Id(2)] long TakerOrderId,
    [property: Id(3)] long BuyOrderId,
    [property: Id(4)] long SellOrderId,
    [property: Id(5)] long QuantityWh,
    [property: Id(6)] long PriceNgweePerKwh,
    [property: Id(7)] long BuyerPaysNgwee,
    [property: Id(8)] long SellerGrossNgwee,
    [property: Id(9)] long SellerFeeNgwee,
    [property: Id(10)] int SellerFeeBasisPoints,
    [property: Id(11)] string BuyerId,
    [property: Id(12)] string SellerId,
    [property: Id(13)] long BuyerReleasedNgwee) : MarketJournalEvent(At)
{
    public long RoundingNgwee => BuyerPaysNgwee - SellerGrossNgwee;
}
