using Enerlectra.Abstractions.Errors;

namespace Enerlectra.Abstractions.Phones;

/// <summary>
/// A Zambian mobile number in international form without '+' ("260971234567"), and the network its prefix belongs to.
/// The prefix only gives a default: numbers move between operators, so callers may override the network.
/// </summary>
public readonly record struct ZambianMsisdn(string Digits, MobileNetwork Network)
{
    private const string CountryCode = "260";

    /// <summary>"+260971234567", "260 97 123 4567", "0971234567" and "971234567" all parse to "260971234567".</summary>
    public static ZambianMsisdn Parse(string? input, string field)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            throw TradingException.Invalid(field, $"{field} is required.");
        }

        Span<char> digits = stackalloc char[input.Length];
        var count = 0;
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (char.IsAsciiDigit(c))
            {
                digits[count++] = c;
            }
            else if (c == '+' && count == 0 && i == input.IndexOf('+'))
            {
                // A leading '+' marks the international form; anywhere else it is a typo.
            }
            else if (c is not (' ' or '-' or '(' or ')' or '.'))
            {
                throw TradingException.Invalid(field, $"{field} may contain only digits, spaces, dashes and a leading '+'.");
            }
        }

        var national = new string(digits[..count]);
        if (national.StartsWith(CountryCode, StringComparison.Ordinal) && national.Length == 12)
        {
            national = national[3..];
        }
        else if (national.StartsWith('0') && national.Length == 10)
        {
            national = national[1..];
        }

        if (national.Length != 9)
        {
            throw TradingException.Invalid(field, $"{field} must be a Zambian mobile number such as +260 97 123 4567.");
        }

        var network = national[..2] switch
        {
            "96" or "76" => MobileNetwork.Mtn,
            "97" or "77" => MobileNetwork.Airtel,
            "95" or "75" => MobileNetwork.Zamtel,
            _ => throw TradingException.Invalid(field, $"{field} is not a Zambian mobile money number (it must start with 95, 96, 97, 75, 76 or 77 after +260)."),
        };

        return new ZambianMsisdn(CountryCode + national, network);
    }

    public override string ToString() => "+" + Digits;
}
