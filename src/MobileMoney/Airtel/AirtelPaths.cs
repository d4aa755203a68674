namespace Enerlectra.MobileMoney.Airtel;

/// <summary>Paths and headers of the Airtel Africa Open API, relative to the configured base URL.</summary>
internal static class AirtelPaths
{
    public const string Token = "auth/oauth2/token";
    public const string Payments = "merchant/v1/payments/";
    public const string Disbursements = "standard/v2/disbursements/";
    public const string CountryHeader = "X-Country";
    public const string CurrencyHeader = "X-Currency";

    public static string PaymentStatus(Guid referenceId) => $"standard/v1/payments/{AirtelReference.Format(referenceId)}";

    public static string DisbursementStatus(Guid referenceId) => $"standard/v2/disbursements/{AirtelReference.Format(referenceId)}";
}

/// <summary>How our reference id is spelled as Airtel's transaction id: the lowercase hyphenated UUID, as for MTN.</summary>
internal static class AirtelReference
{
    public static string Format(Guid referenceId) => referenceId.ToString("D");
}
