namespace Enerlectra.MobileMoney;

/// <summary>Paths of the MTN MoMo Collection API, relative to the configured base URL.</summary>
internal static class MtnPaths
{
    public const string Token = "collection/token/";
    public const string RequestToPay = "collection/v1_0/requesttopay";

    public static string RequestToPayStatus(Guid referenceId) => $"{RequestToPay}/{MtnReference.Format(referenceId)}";
}
