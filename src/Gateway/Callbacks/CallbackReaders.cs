using Enerlectra.MobileMoney;

namespace Enerlectra.Gateway.Callbacks;

/// <summary>
/// What each provider's callback says, for the log only: no callback is ever acted on as it is (the payment grain
/// asks the provider), so an unreadable one still wakes the trade and a readable one is only a clue for operators.
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
        if (!AirtelCallback.TryParse(body, out var callback))
        {
            logger.LogWarning("Unreadable Airtel callback for {TradeId}; checking the payment's status anyway", tradeId);
            return;
        }

        logger.LogInformation("Airtel callback for {TradeId}: {StatusCode} ({State})", tradeId, callback.StatusCode, callback.State);
        WarnOnMismatch("Airtel", tradeId, callback.ReferenceId, logger);
    }

    public static void Zamtel(Guid tradeId, string body, ILogger logger)
    {
        if (!ZamtelCallback.TryParse(body, out var callback))
        {
            logger.LogWarning("Unreadable Zamtel callback for {TradeId}; checking the payment's status anyway", tradeId);
            return;
        }

        logger.LogInformation("Zamtel callback for {TradeId}: {State}", tradeId, callback.State);
        WarnOnMismatch("Zamtel", tradeId, callback.ReferenceId, logger);
    }

    // The URL's reference is the one acted on (by a status query); a body naming another trade is worth a look.
    private static void WarnOnMismatch(string provider, Guid tradeId, Guid? bodyReference, ILogger logger)
    {
        if (bodyReference is { } named && named != tradeId)
        {
            logger.LogWarning("{Provider} callback posted for {TradeId} names transaction {BodyReference}", provider, tradeId, named);
        }
    }
}
