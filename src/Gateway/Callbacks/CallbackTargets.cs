using Enerlectra.Abstractions.Payments;

namespace Enerlectra.Gateway.Callbacks;

/// <summary>
/// What a provider reference in a callback stands for. Trades, phone verifications and deposits share the providers'
/// callback URLs (Airtel and Zamtel call one configured URL for everything), so the reference alone must say which
/// grain to wake: the reconciler's list, in memory, holds every open payment, verification and deposit (with its user).
/// </summary>
internal static class CallbackTargets
{
    /// <summary>The reconciler's entry for the reference, or null when nothing is open under it (or it cannot tell).</summary>
    public static async Task<PendingPayment?> FindAsync(IGrainFactory grains, Guid reference, ILogger logger)
    {
        try
        {
            return await grains.GetGrain<IPaymentReconcilerGrain>(PaymentReconcilers.ShardOf(reference)).FindAsync(reference);
        }
        catch (Exception ex)
        {
            // Only a hint is at stake: polling finds every outcome anyway.
            logger.LogWarning(ex, "Could not look up what callback reference {Reference} is", reference);
            return null;
        }
    }
}
