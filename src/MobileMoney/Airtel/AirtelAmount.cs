namespace Enerlectra.MobileMoney.Airtel;

/// <summary>
/// Airtel wants the amount as a JSON number in Kwacha. It is built as a decimal straight from the ngwee integer
/// with a scale of 2 (1234 ngwee → 12.34), so no floating point is involved and the JSON writer prints it exactly.
/// </summary>
internal static class AirtelAmount
{
    public static decimal ToKwacha(long ngwee)
    {
        // Magnitude as unsigned so that long.MinValue does not overflow on negation.
        ulong magnitude = ngwee < 0 ? unchecked((ulong)-(ngwee + 1) + 1) : (ulong)ngwee;
        return new decimal(
            unchecked((int)(uint)magnitude),
            unchecked((int)(uint)(magnitude >> 32)),
            0,
            ngwee < 0,
            2);
    }
}
