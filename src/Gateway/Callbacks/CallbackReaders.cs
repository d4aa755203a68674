using Enerlectra.MobileMoney;
using Enerlectra.MobileMoney.Airtel;
using Enerlectra.MobileMoney.Mtn;
using Enerlectra.MobileMoney.Zamtel;

namespace Enerlectra.Gateway.Callbacks;

/// <summary>
/// What each provider's callback says, for the log only: no callback is ever acted on as it is (the payment grain
/// asks the provider), so an unreadable one still wakes the trade and a readable one is only a clue for operators.
/// The one thing checked is which reference a body names (<see cref="MobileMoneyCallbackEndpoints"/>).
/// </summary>
internal static class CallbackReaders
{
    public static void Mtn(Guid tradeId, string body, ILogger logger)
    {
        if (MtnCallback.TryParse(body, out var callback))
        {
            logger.LogInformation("MTN callback for {TradeId}: {Status}", tradeId, callback.State);
        }
        else
        {
            logger.LogWarning("Unreadable MTN callback for {TradeId}; checking the payment's status anyway", tradeId);
        }
    }

    public static void Airtel(Guid tradeId, string body, ILogger logger)
    {
        if (AirtelCallback.TryParse(body, out var callback))
        {
            logger.LogInformation("Airtel callback for {TradeId}: {StatusCode} ({State})", tradeId, callback.StatusCode, callback.State);
        }
        else
        {
            logger.LogWarning("Unreadable Airtel callback for {TradeId}; checking the payment's status anyway", tradeId);
        }
    }

    public static void Zamtel(Guid tradeId, string body, ILogger logger)
    {
        if (ZamtelCallback.TryParse(body, out var callback))
        {
            logger.LogInformation("Zamtel callback for {TradeId}: {State}", tradeId, callback.State);
        }
        else
        {
            logger.LogWarning("Unreadable Zamtel callback for {TradeId}; checking the payment's status anyway", tradeId);
        }
    }
}
