using System.Text.RegularExpressions;
using Enerlectra.Abstractions.Errors;

namespace Enerlectra.Abstractions.Identity;

/// <summary>Validation of the identifiers clients send, so a bad one is refused with the field it came in.</summary>
public static partial class Ids
{
    /// <summary>The platform's own fee account; not a valid user id, so no user can ever act as it.</summary>
    public const string PlatformAccount = "$platform";

    public const string DefaultMarket = "default";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}\z")]
    private static partial Regex UserIdPattern();

    public static bool IsValidUserId(string? value) => value is not null && UserIdPattern().IsMatch(value);

    public static string RequireUserId(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw TradingException.Invalid(field, $"{field} is required.");
        }

        if (!UserIdPattern().IsMatch(value))
        {
            throw TradingException.Invalid(field, $"{field} must be 1-64 characters: letters, digits, '.', '_', '@' or '-', starting with a letter or digit.");
        }

        return value;
    }

    public static Guid RequireGuid(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw TradingException.Invalid(field, $"{field} is required.");
        }

        if (!Guid.TryParse(value, out var id) || id == Guid.Empty)
        {
            throw TradingException.Invalid(field, $"{field} must be an id returned by the server; '{Truncate(value)}' is not one.");
        }

        return id;
    }

    /// <summary>Client idempotency keys: printable, bounded, so they can be logged and compared safely.</summary>
    public static string? OptionalIdempotencyKey(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > 128 || value.Any(c => c < '!' || c > '~'))
        {
            throw TradingException.Invalid(field, $"{field} must be 1-128 printable ASCII characters without spaces.");
        }

        return value;
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
