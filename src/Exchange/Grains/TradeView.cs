using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Model;

namespace Enerlectra.Exchange.Grains;

/// <summary>A trade of the book, as the tape and its two parties see it.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.TradeView")]
public sealed record TradeView(
    [property: Id(0)] long TradeId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] long PriceNgweePerKwh,
    [property: Id(4)] long QuantityWh,
    [property: Id(5)] Side TakerSide,
    [property: Id(6)] long BuyOrderId,
    [property: Id(7)] long SellOrderId,
    [property: Id(8)] string BuyerId,
    [property: Id(9)] string SellerId,
    [property: Id(10)] long BuyerPaysNgwee,
    [property: Id(11)] long SellerReceivesNgwee,
    [property: Id(12)] long SellerFeeNgwee)
{
    public static TradeView From(TradeExecuted t, long sequence) => new(
        t.TradeId, sequence, t.At, t.PriceNgweePerKwh, t.QuantityWh, t.TakerOrderId == t.BuyOrderId ? Side.Buy : Side.Sell,
        t.BuyOrderId, t.SellOrderId, t.BuyerId, t.SellerId, t.BuyerPaysNgwee, t.SellerGrossNgwee - t.SellerFeeNgwee, t.SellerFeeNgwee);
}
