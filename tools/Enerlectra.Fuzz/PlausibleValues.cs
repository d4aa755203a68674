using Google.Protobuf.Reflection;

namespace Enerlectra.Fuzz;

/// <summary>
/// Values that look right for a field (ids of the seeded users, offer and trade, small amounts), so that hostile
/// values elsewhere in the same request reach the deeper checks instead of failing on the first field.
/// </summary>
public sealed class PlausibleValues(SeedState seed)
{
    public string For(FieldDescriptor field, Random random)
    {
        var name = field.JsonName.ToLowerInvariant();
        string scalar = field.FieldType switch
        {
            FieldType.Int32 or FieldType.Int64 or FieldType.UInt32 or FieldType.UInt64 or FieldType.SInt32 or FieldType.SInt64
                or FieldType.Fixed32 or FieldType.Fixed64 or FieldType.SFixed32 or FieldType.SFixed64 =>
                random.Next(4) switch { 0 => "1", 1 => "1000", 2 => "\"250\"", _ => "0" },
            FieldType.Bool => random.Next(2) == 0 ? "true" : "false",
            FieldType.Double or FieldType.Float => "1",
            FieldType.Enum => HostileValues.JsonString(field.EnumType.Values[random.Next(field.EnumType.Values.Count)].Name),
            FieldType.Message when field.MessageType.FullName == "google.protobuf.Timestamp" =>
                HostileValues.JsonString(DateTimeOffset.UtcNow.AddHours(random.Next(-3, 48)).ToString("yyyy-MM-ddTHH:mm:ssZ")),
            FieldType.Message => "{}",
            FieldType.Bytes => "\"AAEC\"",
            _ => HostileValues.JsonString(StringFor(name, random)),
        };
        return field.IsRepeated ? $"[{scalar}]" : scalar;
    }

    /// <summary>A path parameter that names something real (other users' things: the fuzz user owns none of them).</summary>
    public string Segment(string parameter, Random random) => parameter switch
    {
        "user_id" => random.Next(2) == 0 ? seed.SellerId : seed.BuyerId,
        "offer_id" => seed.OfferId,
        "trade_id" => seed.TradeId,
        "market_id" => "default",
        "meter_id" => "meter-" + seed.SellerId,
        _ => random.Next(2) == 0 ? Guid.NewGuid().ToString() : random.Next(1, 1_000).ToString(),
    };

    private string StringFor(string name, Random random) => name switch
    {
        _ when name.Contains("userid") || name.Contains("seller") || name.Contains("buyerid") => random.Next(2) == 0 ? seed.SellerId : seed.BuyerId,
        _ when name.Contains("offerid") => seed.OfferId,
        _ when name.Contains("tradeid") => seed.TradeId,
        _ when name.Contains("phone") => seed.BuyerPhone,
        _ when name.Contains("marketid") => "default",
        _ when name.Contains("idempotency") || name.Contains("reference") || name.Contains("clientorderid") => "fz-" + random.Next(),
        _ when name.Contains("method") => new[] { "mobile_money", "hybrid", "blockchain", "wallet" }[random.Next(4)],
        _ when name.Contains("side") => random.Next(2) == 0 ? "buy" : "sell",
        _ when name.Contains("status") => "open",
        _ when name.Contains("network") => new[] { "mtn", "airtel", "zamtel" }[random.Next(3)],
        _ when name.Contains("address") => "0x" + new string('1', 40),
        _ => "x" + random.Next(1_000),
    };
}
