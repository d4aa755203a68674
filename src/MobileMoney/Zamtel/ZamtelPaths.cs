namespace Enerlectra.MobileMoney.Zamtel;

/// <summary>Paths and headers of our provisional Zamtel Kwacha protocol (ZAMTEL.md), relative to the base URL.</summary>
internal static class ZamtelPaths
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string Collections = "zamtel/v1/collections";
    public const string Payouts = "zamtel/v1/payouts";

    public static string Collection(Guid referenceId) => $"{Collections}/{Format(referenceId)}";

    public static string Payout(Guid referenceId) => $"{Payouts}/{Format(referenceId)}";

    public static string Format(Guid referenceId) => referenceId.ToString("D");
}
