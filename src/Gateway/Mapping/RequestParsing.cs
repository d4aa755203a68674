using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Phones;

namespace Enerlectra.Gateway.Mapping;

/// <summary>Request fields the API accepts as words; a bad word is refused naming its field.</summary>
public static class RequestParsing
{
    public static string MarketId(string? value) =>
        string.IsNullOrEmpty(value) ? Ids.DefaultMarket : Ids.RequireUserId(value, "marketId");

    public static MobileNetwork? Network(string? value, string field) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "mtn" => MobileNetwork.Mtn,
        "airtel" => MobileNetwork.Airtel,
        "zamtel" => MobileNetwork.Zamtel,
        _ => throw TradingException.Invalid(field, $"{field} must be \"mtn\", \"airtel\" or \"zamtel\"."),
    };

    public static PaymentMethod Method(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "hybrid" => PaymentMethod.Hybrid,
        "mobile_money" or "mobile-money" or "mobilemoney" => PaymentMethod.MobileMoney,
        "blockchain" => PaymentMethod.Blockchain,
        _ => throw TradingException.Invalid("paymentMethod", "paymentMethod must be \"hybrid\", \"mobile_money\" or \"blockchain\"."),
    };
}
