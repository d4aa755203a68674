using Enerlectra.Abstractions.Chain;
using Enerlectra.Grains.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Grains.Chain;

/// <summary>How an offer closed on the server gets its on-chain mirror closed as well.</summary>
internal static class MirrorCloseQueue
{
    /// <summary>
    /// Queues the close of the offer's on-chain mirror, which still escrows the unsold energy (asynchronously, like
    /// all mirroring). Best effort: the offer is closed on the server whatever happens here.
    /// </summary>
    public static Task QueueMirrorCloseAsync(this IGrainFactory grains, ILogger logger, Guid offerId) =>
        logger.TryAsync(
            () => grains.GetGrain<IChainMirrorGrain>(ChainGrains.SingletonKey).EnqueueOfferCloseAsync(offerId),
            $"Offer {offerId}", "queue the on-chain close");
}
