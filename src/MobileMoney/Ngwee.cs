using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Enerlectra.MobileMoney;

/// <summary>
/// Converts between integer ngwee and the decimal Kwacha strings that providers put on the wire ("12.34").
/// Money never passes through floating point: both directions work on digits only.
/// </summary>
public static class Ngwee
{
    /// <summary>Ngwee in one Kwacha.</summary>
    public const long PerKwacha = 100;

    /// <summary>Formats ngwee as Kwacha with exactly two decimals: 1234 → "12.34", 5 → "0.05", -150 → "-1.50".</summary>
    /// <param name="ngwee">The amount in ngwee.</param>
    /// <returns>The Kwacha string.</returns>
    public static string Format(long ngwee)
    {
        // Unsigned magnitude so long.MinValue formats instead of overflowing on negation.
        ulong magnitude = ngwee < 0 ? unchecked((ulong)-(ngwee + 1) + 1) : (ulong)ngwee;
        string kwacha = (magnitude / PerKwacha).ToString(CultureInfo.InvariantCulture);
        string fraction = (magnitude % PerKwacha).ToString("00", CultureInfo.InvariantCulture);
        return ngwee < 0 ? $"-{kwacha}.{fraction}" : $"{kwacha}.{fraction}";
    }

    /// <summary>
    /// Parses a Kwacha string exactly: "12.34" → 1234, "12" → 1200, "12.3" → 1230, "-0.50" → -50.
    /// Digits beyond the second decimal are accepted only when they are zeros ("12.300"), because anything
    /// else is not a whole number of ngwee. Whitespace, '+', exponents, thousands separators, a bare or
    /// trailing '.', and values outside <see cref="long"/> are rejected.
    /// </summary>
    /// <param name="text">The Kwacha string.</param>
    /// <param name="ngwee">The exact amount in ngwee when parsing succeeds.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid amount.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out long ngwee)
    {
        ngwee = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        ReadOnlySpan<char> span = text;
        bool negative = span[0] == '-';
        if (negative)
        {
            span = span[1..];
        }

        int dot = span.IndexOf('.');
        ReadOnlySpan<char> whole = dot < 0 ? span : span[..dot];
        ReadOnlySpan<char> fraction = dot < 0 ? [] : span[(dot + 1)..];
        if (whole.IsEmpty || !AllDigits(whole) || (dot >= 0 && (fraction.IsEmpty || !AllDigits(fraction))))
        {
            return false;
        }

        if (fraction.Length > 2 && fraction[2..].ContainsAnyExcept('0'))
        {
            return false;
        }

        // Accumulate negatively so that long.MinValue round-trips; the magnitude of negatives is one larger.
        long value = 0;
        try
        {
            checked
            {
                foreach (char c in whole)
                {
                    value = (value * 10) - (c - '0');
                }

                value *= PerKwacha;
                int tens = fraction.Length > 0 ? fraction[0] - '0' : 0;
                int units = fraction.Length > 1 ? fraction[1] - '0' : 0;
                value -= (tens * 10) + units;
                ngwee = negative ? value : -value;
            }
        }
        catch (OverflowException)
        {
            return false;
        }

        return true;
    }

    /// <summary>Parses a Kwacha string exactly, as <see cref="TryParse"/> does.</summary>
    /// <param name="text">The Kwacha string.</param>
    /// <returns>The amount in ngwee.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not an exact Kwacha amount.</exception>
    public static long Parse(string text) =>
        TryParse(text, out long ngwee)
            ? ngwee
            : throw new FormatException($"'{text}' is not an exact Kwacha amount such as \"12.34\".");

    private static bool AllDigits(ReadOnlySpan<char> span) => !span.ContainsAnyExceptInRange('0', '9');
}
