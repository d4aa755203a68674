using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Phones;
using Google.Protobuf.WellKnownTypes;

namespace Enerlectra.Gateway.Mapping;

/// <summary>Request fields the API accepts as words, ids or times; a bad one is refused naming its field.</summary>
public static class RequestParsing
{
    /// <summary>Earliest and latest seconds a <see cref="Timestamp"/> may hold: 0001-01-01 to 9999-12-31 (UTC).</summary>
    private const long MinTimestampSeconds = -62_135_596_800;
    private const long MaxTimestampSeconds = 253_402_300_799;

    /// <summary>A configured market ("default" when none is named); an unknown one is NotFound, before any grain is called.</summary>
    public static string MarketId(string? value, MarketOptions markets)
    {
        var marketId = string.IsNullOrEmpty(value) ? Ids.DefaultMarket : Ids.RequireUserId(value, "marketId");
        markets.RequireConfigured(marketId);
        return marketId;
    }

    /// <summary>
    /// A time a client sent. Native gRPC clients can send any seconds and nanos, which the protobuf runtime would
    /// refuse to convert with an exception of its own, so the range is checked here.
    /// </summary>
    public static DateTimeOffset Time(Timestamp? value, string field)
    {
        if (value is null)
        {
            throw TradingException.Invalid(field, $"{field} is required.");
        }

        if (value.Seconds is < MinTimestampSeconds or > MaxTimestampSeconds || value.Nanos is < 0 or > 999_999_999)
        {
            throw TradingException.Invalid(field, $"{field} must be a date and time such as 2026-12-31T18:00:00Z.");
        }

        return value.ToDateTimeOffset();
    }

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
