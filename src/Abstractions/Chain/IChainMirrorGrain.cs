using Orleans;

namespace Enerlectra.Abstractions.Chain;

/// <summary>
/// The durable queue that records this server's offers and mobile-money trades on-chain (key
/// <see cref="ChainGrains.SingletonKey"/>). Trades never wait for it; it works through the queue in order, retries
/// through chain outages and restarts, and each step is idempotent on-chain (keyed by the server's ids).
/// </summary>
[Alias("enerlectra.IChainMirrorGrain")]
public interface IChainMirrorGrain : IGrainWithIntegerKey
{
    /// <summary>Queues the offer to be mirrored; returns once that is durable.</summary>
    [Alias("EnqueueOffer")]
    Task EnqueueOfferAsync(Guid offerId);

    /// <summary>Queues a settled mobile-money trade to be recorded; returns once that is durable.</summary>
    [Alias("EnqueueTrade")]
    Task EnqueueTradeAsync(Guid tradeId);

    /// <summary>Queues the closing (cancel or expiry) of a mirrored offer, returning its escrow.</summary>
    [Alias("EnqueueOfferClose")]
    Task EnqueueOfferCloseAsync(Guid offerId);

    /// <summary>
    /// The offer's mirror was reorganised away: queues mirroring it again, then recording (mobile money) or collecting
    /// (wallet payments) each of its settled trades on-chain again; returns once that is durable.
    /// </summary>
    [Alias("MirrorLost")]
    Task MirrorLostAsync(Guid offerId);

    /// <summary>Works through the queue now (as far as the chain allows) and reports.</summary>
    [Alias("RunNow")]
    Task<ChainMirrorStatus> RunNowAsync();

    [Alias("GetStatus"), Orleans.Concurrency.AlwaysInterleave]
    Task<ChainMirrorStatus> GetStatusAsync();

    /// <summary>The on-chain id of a mirrored offer, or null if not (yet) mirrored.</summary>
    [Alias("GetChainOfferId"), Orleans.Concurrency.AlwaysInterleave]
    Task<long?> GetChainOfferIdAsync(Guid offerId);
}
