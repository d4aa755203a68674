namespace Enerlectra.MobileMoney;

/// <summary>How a provider's error code and message read in our messages.</summary>
internal static class ErrorText
{
    public static string Describe(string? code, string? message) => (code, message) switch
    {
        (null, null) => "no error details",
        (null, { } m) => m,
        ({ } c, null) => c,
        ({ } c, { } m) => $"{c}: {m}",
    };
}
