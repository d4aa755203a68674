using Enerlectra.Abstractions.Payments;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Grains.Payments;

/// <summary>
/// A payment's or payout's line on the reconciler's list, as its own grain keeps it up to date. Updates are best
/// effort: the list is a safety net, and the reconciler's own sweep corrects anything a failed update left behind.
/// </summary>
public sealed class ReconcilerEntry(IGrainFactory grains, Guid id, ILogger logger)
{
    private bool _outcomeUnknown;

    public IPaymentReconcilerGrain Shard => grains.GetGrain<IPaymentReconcilerGrain>(PaymentReconcilers.ShardOf(id));

    /// <summary>Whether the last exchange with the provider went unanswered (shown to operators as "unknown").</summary>
    public async Task MarkOutcomeUnknownAsync(bool unknown)
    {
        if (_outcomeUnknown == unknown)
        {
            return;
        }

        try
        {
            await Shard.MarkOutcomeUnknownAsync(id, unknown);
            _outcomeUnknown = unknown;
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "{Id}: could not update the operator view", id);
        }
    }

    /// <summary>The outcome is definite: leave the list.</summary>
    public async Task RemoveAsync(bool failed)
    {
        try
        {
            await Shard.UntrackAsync(id, failed);
        }
        catch (Exception ex)
        {
            // Harmless: the reconciler's next sweep finds it final and drops it.
            logger.LogWarning(ex, "{Id}: could not leave the reconciler's list", id);
        }
    }
}
