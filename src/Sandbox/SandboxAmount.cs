using System.Globalization;

namespace Enerlectra.Sandbox;

/// <summary>
/// The sandbox's own strict reading of Kwacha amounts (MTN strings, Airtel JSON number text), kept apart from the client's so that a bug in one
/// is caught by the other: positive, digits, at most two decimals, nothing else.
/// </summary>
internal static class SandboxAmount
{
    public static bool TryParse(string? text, out long ngwee)
    {
        ngwee = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 18)
        {
            return false;
        }

        string[] parts = text.Split('.');
        if (parts.Length > 2 || parts[0].Length == 0 || !IsDigits(parts[0]))
        {
            return false;
        }

        string fraction = parts.Length == 2 ? parts[1] : string.Empty;
        if (parts.Length == 2 && (fraction.Length is 0 or > 2 || !IsDigits(fraction)))
        {
            return false;
        }

        ngwee = (long.Parse(parts[0], CultureInfo.InvariantCulture) * 100)
            + long.Parse(fraction.PadRight(2, '0'), CultureInfo.InvariantCulture);
        return ngwee > 0;
    }

    public static string Format(long ngwee) =>
        string.Create(CultureInfo.InvariantCulture, $"{ngwee / 100}.{ngwee % 100:00}");

    private static bool IsDigits(string s) => s.All(char.IsAsciiDigit);
}
