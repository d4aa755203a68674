using Enerlectra.Exchange.Grains;
using Enerlectra.Exchange.Model;
using Google.Protobuf.WellKnownTypes;
using ApiOrder = Enerlectra.Api.V1.Order;

namespace Enerlectra.Gateway.Mapping;

/// <summary>Order book values to API messages; words are snake_case, as everywhere in the API.</summary>
public static class OrderMapping
{
    public static ApiOrder ToApi(this OrderView o, string marketId) => new()
    {
        OrderId = o.OrderId,
        MarketId = marketId,
        ClientOrderId = o.ClientOrderId,
        Side = Name(o.Side),
        PriceNgweePerKwh = o.PriceNgweePerKwh,
        QuantityWh = o.QuantityWh,
        RemainingWh = o.RemainingWh,
        FilledWh = o.FilledWh,
        HeldWh = o.HeldWh,
        Status = o.Status.Name(),
        TimeInForce = Name(o.TimeInForce),
        PostOnly = o.PostOnly,
        ExpiresAt = o.ExpiresAt is { } expires ? Timestamp.FromDateTimeOffset(expires) : null,
        CreatedAt = Timestamp.FromDateTimeOffset(o.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(o.UpdatedAt),
        CancelReason = o.CancelReason is { } reason ? Name(reason) : "",
        SettledNgwee = o.SettledNgwee,
        FeeNgwee = o.FeeNgwee,
        OfferId = o.Offer?.OfferId.ToString() ?? "",
        SelfTradePrevention = Name(o.SelfTradePrevention),
    };

    /// <summary>A trade as one of its parties sees it.</summary>
    public static Api.V1.Fill ToFill(this TradeView t, long orderId)
    {
        var buying = t.BuyOrderId == orderId;
        var taker = buying ? t.TakerSide == Side.Buy : t.TakerSide == Side.Sell;
        return new Api.V1.Fill
        {
            TradeId = t.TradeId,
            Sequence = t.Sequence,
            OrderId = orderId,
            Side = buying ? "buy" : "sell",
            PriceNgweePerKwh = t.PriceNgweePerKwh,
            QuantityWh = t.QuantityWh,
            AmountNgwee = buying ? t.BuyerPaysNgwee : t.SellerReceivesNgwee,
            FeeNgwee = buying ? 0 : t.SellerFeeNgwee,
            Liquidity = taker ? "taker" : "maker",
            At = Timestamp.FromDateTimeOffset(t.At),
        };
    }

    /// <summary>A trade on the public tape: no parties, no order ids.</summary>
    public static Api.V1.MarketTrade ToPublic(this TradeView t) => new()
    {
        TradeId = t.TradeId,
        Sequence = t.Sequence,
        At = Timestamp.FromDateTimeOffset(t.At),
        PriceNgweePerKwh = t.PriceNgweePerKwh,
        QuantityWh = t.QuantityWh,
        TakerSide = Name(t.TakerSide),
    };

    public static Api.V1.Book ToApi(this BookDepth depth)
    {
        var book = new Api.V1.Book { MarketId = depth.MarketId, Sequence = depth.Sequence, LastTradePriceNgweePerKwh = depth.LastTradePrice };
        book.Bids.AddRange(depth.Bids.Select(ToApi));
        book.Asks.AddRange(depth.Asks.Select(ToApi));
        return book;
    }

    public static Api.V1.BookLevel ToApi(this DepthLevel level) =>
        new() { PriceNgweePerKwh = level.PriceNgweePerKwh, QuantityWh = level.QuantityWh, Orders = level.Orders };

    public static string Name(Side side) => side == Side.Buy ? "buy" : "sell";

    public static string Name(TimeInForce tif) => tif switch
    {
        TimeInForce.ImmediateOrCancel => "ioc",
        TimeInForce.FillOrKill => "fok",
        _ => "gtc",
    };

    public static string Name(SelfTradePrevention stp) => stp switch
    {
        SelfTradePrevention.CancelIncoming => "cancel_incoming",
        SelfTradePrevention.CancelBoth => "cancel_both",
        SelfTradePrevention.CancelResting => "cancel_resting",
        _ => "",
    };

    public static string Name(CancelReason reason) => reason switch
    {
        CancelReason.ImmediateOrCancelRemainder => "ioc_remainder",
        CancelReason.SelfTrade => "self_trade",
        CancelReason.Expired => "expired",
        CancelReason.Disconnected => "disconnected",
        _ => "requested",
    };

    /// <summary>The gRPC status name a refusal maps to, for session events.</summary>
    public static string Code(Abstractions.Errors.ErrorKind kind) => Errors.TradingExceptionInterceptor.StatusOf(kind).ToString() switch
    {
        var name => string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant(),
    };
}
