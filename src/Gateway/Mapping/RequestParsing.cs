using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Phones;
using Google.Protobuf.WellKnownTypes;

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

    /// <summary>An optional point in time; null when absent. Out of range (before year 1 or after 9999) is refused.</summary>
    public static DateTimeOffset? OptionalTime(Timestamp? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            return value.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            throw TradingException.Invalid(field, $"{field} must be a valid time (RFC 3339 in JSON).");
        }
    }

    public static PaymentMethod Method(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "hybrid" => PaymentMethod.Hybrid,
        "mobile_money" or "mobile-money" or "mobilemoney" => PaymentMethod.MobileMoney,
        "blockchain" => PaymentMethod.Blockchain,
        _ => throw TradingException.Invalid("paymentMethod", "paymentMethod must be \"hybrid\", \"mobile_money\" or \"blockchain\"."),
    };
}
