using Enerlectra.Abstractions.Errors;
using Enerlectra.Exchange.Model;

namespace Enerlectra.Gateway.Mapping;

/// <summary>The order API's words; a bad word is refused naming its field.</summary>
public static class OrderParsing
{
    public static Side Side(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "buy" => Exchange.Model.Side.Buy,
        "sell" => Exchange.Model.Side.Sell,
        _ => throw TradingException.Invalid("side", "side must be \"buy\" or \"sell\"."),
    };

    public static TimeInForce TimeInForce(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "gtc" => Exchange.Model.TimeInForce.GoodTillCancelled,
        "ioc" => Exchange.Model.TimeInForce.ImmediateOrCancel,
        "fok" => Exchange.Model.TimeInForce.FillOrKill,
        _ => throw TradingException.Invalid("timeInForce", "timeInForce must be \"gtc\", \"ioc\" or \"fok\"."),
    };

    public static SelfTradePrevention SelfTradePrevention(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => Exchange.Model.SelfTradePrevention.MarketDefault,
        "cancel_resting" => Exchange.Model.SelfTradePrevention.CancelResting,
        "cancel_incoming" => Exchange.Model.SelfTradePrevention.CancelIncoming,
        "cancel_both" => Exchange.Model.SelfTradePrevention.CancelBoth,
        _ => throw TradingException.Invalid("selfTradePrevention", "selfTradePrevention must be \"cancel_resting\", \"cancel_incoming\" or \"cancel_both\"."),
    };

    /// <summary>"open" (default) or "all".</summary>
    public static bool OpenOnly(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "open" => true,
        "all" => false,
        _ => throw TradingException.Invalid("status", "status must be \"open\" or \"all\"."),
    };

    public static OrderSpec Spec(string userId, Api.V1.PlaceOrderRequest request) => new(
        userId,
        request.ClientOrderId,
        Side(request.Side),
        request.QuantityWh,
        request.PriceNgweePerKwh,
        TimeInForce(request.TimeInForce),
        request.PostOnly,
        request.ExpiresAt is null ? null : RequestParsing.Time(request.ExpiresAt, "expiresAt"),
        SelfTradePrevention(request.SelfTradePrevention));
}
