namespace Enerlectra.Exchange.Model;

/// <summary>
/// What a user asks the market to do with a new order. The same user and <see cref="ClientOrderId"/> with the same
/// spec is the same order (a retry); with another spec it is refused.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.OrderSpec")]
public sealed record OrderSpec(
    [property: Id(0)] string UserId,
    [property: Id(1)] string ClientOrderId,
    [property: Id(2)] Side Side,
    [property: Id(3)] long QuantityWh,
    [property: Id(4)] long PriceNgweePerKwh,
    [property: Id(5)] TimeInForce TimeInForce = TimeInForce.GoodTillCancelled,
    [property: Id(6)] bool PostOnly = false,
    [property: Id(7)] DateTimeOffset? ExpiresAt = null,
    [property: Id(8)] SelfTradePrevention SelfTradePrevention = SelfTradePrevention.MarketDefault);
