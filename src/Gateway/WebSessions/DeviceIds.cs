using System.Text.RegularExpressions;

namespace Enerlectra.Gateway.WebSessions;

/// <summary>The web app's device id: a random id it keeps per browser, 16-128 letters, digits, '_' or '-'.</summary>
public static partial class DeviceIds
{
    public const string Rule = "16-128 letters, digits, '_' or '-'";

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9_-]{16,128}$")]
    private static partial Regex Pattern();
}
