namespace Enerlectra.Exchange.Model;

/// <summary>An order as its owner sees it.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.OrderView")]
public sealed record OrderView(
    [property: Id(0)] long OrderId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string ClientOrderId,
    [property: Id(3)] Side Side,
    [property: Id(4)] long PriceNgweePerKwh,
    [property: Id(5)] long QuantityWh,
    [property: Id(6)] long RemainingWh,
    [property: Id(7)] long HeldWh,
    [property: Id(8)] long FilledWh,
    [property: Id(9)] OrderStatus Status,
    [property: Id(10)] TimeInForce TimeInForce,
    [property: Id(11)] bool PostOnly,
    [property: Id(12)] DateTimeOffset? ExpiresAt,
    [property: Id(13)] DateTimeOffset CreatedAt,
    [property: Id(14)] DateTimeOffset UpdatedAt,
    [property: Id(15)] OrderOrigin Origin,
    [property: Id(16)] OfferTerms? Offer,
    [property: Id(17)] CancelReason? CancelReason,
    [property: Id(18)] long SettledNgwee,
    [property: Id(19)] long FeeNgwee,
    [property: Id(20)] SelfTradePrevention SelfTradePrevention,
    [property: Id(21)] long? ChainOfferId = null);

/// <summary>One aggregated price level of the book.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.DepthLevel")]
public sealed record DepthLevel(
    [property: Id(0)] Side Side,
    [property: Id(1)] long PriceNgweePerKwh,
    [property: Id(2)] long QuantityWh,
    [property: Id(3)] int Orders);
