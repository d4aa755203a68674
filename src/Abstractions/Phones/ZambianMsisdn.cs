using Enerlectra.Abstractions.Errors;
using PhoneNumbers;

namespace Enerlectra.Abstractions.Phones;

/// <summary>
/// A Zambian mobile number in international form without '+' ("260971234567"), and the network its prefix belongs
/// to. The prefix only gives a default: numbers move between operators, so users may override the network.
/// </summary>
public readonly record struct ZambianMsisdn(string Digits, MobileNetwork Network)
{
    private const int ZambiaCountryCode = 260;

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>"+260 97 123 4567", "260971234567", "0971234567" and "971234567" all parse to "260971234567".</summary>
    public static ZambianMsisdn Parse(string? input, string field)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            throw TradingException.Invalid(field, $"{field} is required.");
        }

        // libphonenumber reads letters as keypad digits ("vanity numbers"); for payments that is always a typo.
        if (input.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')' or '.' or '+')) || input.LastIndexOf('+') > 0)
        {
            throw TradingException.Invalid(field, $"{field} may contain only digits, spaces, dashes and a leading '+'.");
        }

        var text = input.Trim();
        var digitsOnly = new string(text.Where(char.IsAsciiDigit).ToArray());
        if (!text.StartsWith('+') && digitsOnly.Length == 12 && digitsOnly.StartsWith("260", StringComparison.Ordinal))
        {
            // "260 97 ..." is the international form with the '+' left off.
            text = "+" + digitsOnly;
        }

        PhoneNumber number;
        try
        {
            number = Phones.Parse(text, "ZM");
        }
        catch (NumberParseException)
        {
            throw TradingException.Invalid(field, $"{field} must be a Zambian mobile number such as +260 97 123 4567.");
        }

        if (number.CountryCode != ZambiaCountryCode)
        {
            throw TradingException.Invalid(field, $"{field} must be a Zambian (+260) mobile number.");
        }

        var national = number.NationalNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!Phones.IsValidNumber(number) || Phones.GetNumberType(number) is not (PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE) || national.Length != 9)
        {
            throw TradingException.Invalid(field, $"{field} must be a Zambian mobile number such as +260 97 123 4567.");
        }

        var network = national[..2] switch
        {
            "96" or "76" => MobileNetwork.Mtn,
            "97" or "77" => MobileNetwork.Airtel,
            "95" or "75" => MobileNetwork.Zamtel,
            _ => throw TradingException.Invalid(field, $"{field} is not on a Zambian mobile money network (it must start with 95, 96, 97, 75, 76 or 77 after +260)."),
        };

        return new ZambianMsisdn($"{ZambiaCountryCode}{national}", network);
    }

    public override string ToString() => "+" + Digits;
}
