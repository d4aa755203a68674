namespace Enerlectra.MobileMoney.Mtn;

/// <summary>Header names of the MTN MoMo Open API.</summary>
internal static class MtnHeaders
{
    public const string SubscriptionKey = "Ocp-Apim-Subscription-Key";
    public const string ReferenceId = "X-Reference-Id";
    public const string TargetEnvironment = "X-Target-Environment";
    public const string CallbackUrl = "X-Callback-Url";
}
