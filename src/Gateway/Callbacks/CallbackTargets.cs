using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.PhoneVerifications;

namespace Enerlectra.Gateway.Callbacks;

/// <summary>
/// What a provider reference in a callback stands for. Trades and phone verifications share the providers' callback
/// URLs (Airtel and Zamtel call one configured URL for everything), so the reference alone must say which grain to
/// wake: the reconciler's list holds every open verification with its user; anything else is a trade's.
/// </summary>
internal static class CallbackTargets
{
    public static async Task WakeAsync(IGrainFactory grains, Guid reference, ILogger logger)
    {
        PendingPayment? listed = null;
        try
        {
            listed = await grains.GetGrain<IPaymentReconcilerGrain>(PaymentReconcilers.ShardOf(reference)).FindAsync(reference);
        }
        catch (Exception ex)
        {
            // Only a hint is at stake: a verification's own polling finds the outcome anyway.
            logger.LogWarning(ex, "Could not look up what callback reference {Reference} is; treating it as a trade's", reference);
        }

        if (listed is { Kind: PendingKind.PhoneVerification, Owner: { } userId })
        {
            await grains.GetGrain<IPhoneVerificationGrain>(reference, userId, null).ProviderCallbackAsync();
            return;
        }

        await grains.GetGrain<IPaymentGrain>(reference).ProviderCallbackAsync();
    }
}
