namespace Enerlectra.MobileMoney.Mtn;

/// <summary>Paths of the MTN MoMo Collection and Disbursement APIs, relative to the configured base URL.</summary>
internal static class MtnPaths
{
    public const string Token = "collection/token/";
    public const string RequestToPay = "collection/v1_0/requesttopay";
    public const string DisbursementToken = "disbursement/token/";
    public const string Transfer = "disbursement/v1_0/transfer";

    public static string RequestToPayStatus(Guid referenceId) => $"{RequestToPay}/{MtnReference.Format(referenceId)}";

    public static string TransferStatus(Guid referenceId) => $"{Transfer}/{MtnReference.Format(referenceId)}";
}
