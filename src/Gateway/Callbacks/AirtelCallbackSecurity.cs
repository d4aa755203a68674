using Enerlectra.MobileMoney;
using Enerlectra.MobileMoney.Airtel;

namespace Enerlectra.Gateway.Callbacks;

/// <summary>
/// Airtel signs callbacks with our callback secret (AirtelCallbackVerifier). When a secret is configured, a callback
/// without a valid hash is refused before it can wake anything: even though the trade would confirm by status query,
/// forged callbacks should cost us nothing and be visible in the log. A valid one is identified by what it signs, so
/// the trade can refuse it when it comes again (the hash has no nonce or time, so a captured one stays valid).
/// </summary>
internal static class AirtelCallbackSecurity
{
    public const string SecretKey = $"{AirtelMoneyOptions.SectionName}:{nameof(AirtelMoneyOptions.CallbackSecret)}";

    /// <summary>
    /// Refusal: the answer to give (401), or null when the callback may go on. SignedId: what identifies it for replay
    /// detection, when it was signed and verified.
    /// </summary>
    public static (IResult? Refusal, string? SignedId) Check(Guid tradeId, string body, IConfiguration configuration, ILogger logger)
    {
        var verdict = AirtelCallbackVerifier.Verify(body, configuration[SecretKey]);
        switch (verdict)
        {
            case AirtelCallbackAuthenticity.Authentic:
                return (null, AirtelCallbackVerifier.SignedContentId(body));
            case AirtelCallbackAuthenticity.NotConfigured:
                // Signing is not switched on for this account: the status query is the only protection, as for MTN.
                return (null, null);
            default:
                logger.LogWarning("Refused an Airtel callback for {TradeId}: {Verdict} (hash missing or not made with our callback secret)", tradeId, verdict);
                return (CallbackRefusals.NotSigned(), null);
        }
    }
}
