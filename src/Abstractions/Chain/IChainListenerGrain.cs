using Orleans;

namespace Enerlectra.Abstractions.Chain;

/// <summary>
/// The single follower of the EnergyTrading contract (key <see cref="ChainGrains.SingletonKey"/>). It reads events a
/// confirmation depth behind the head, keeps its checkpoint (block number and hash) durably, rewinds when the chain
/// reorganises, and records offers and trades made directly on-chain exactly once.
/// </summary>
[Alias("enerlectra.IChainListenerGrain")]
public interface IChainListenerGrain : IGrainWithIntegerKey
{
    /// <summary>Starts following (idempotent); called at silo start and by the keep-alive reminder.</summary>
    [Alias("EnsureRunning")]
    Task EnsureRunningAsync();

    /// <summary>Catches up with the chain now and returns where it got to.</summary>
    [Alias("Sync")]
    Task<ChainListenerStatus> SyncAsync();

    [Alias("GetStatus"), Orleans.Concurrency.AlwaysInterleave]
    Task<ChainListenerStatus> GetStatusAsync();

    /// <summary>
    /// A wallet payment of this server was mined in <paramref name="block"/> (null: at most the head). Once the
    /// listener has read past that block without finding the payment, a reorganisation took it away before the
    /// listener could see it, and the trade is told to collect it again (it checks the chain first). One-way, since
    /// the listener itself calls trades.
    /// </summary>
    [Alias("WatchWalletPayment"), Orleans.Concurrency.OneWay]
    Task WatchWalletPaymentAsync(Guid tradeId, long? block);
}

/// <summary>Where the listener stands. <see cref="LastProcessedBlock"/> is -1 before the first block.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.ChainListenerStatus")]
public sealed record ChainListenerStatus(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] long LastProcessedBlock,
    [property: Id(2)] string? LastProcessedHash,
    [property: Id(3)] long HeadBlock,
    [property: Id(4)] DateTimeOffset? LastSyncAt,
    [property: Id(5)] string? LastError,
    [property: Id(6)] long OffersImported,
    [property: Id(7)] long TradesImported,
    [property: Id(8)] long Reorganisations,
    [property: Id(9)] int Confirmations)
{
    /// <summary>Blocks between the head and the last processed block (the confirmation depth is part of it).</summary>
    public long Lag => LagBehind(HeadBlock);

    /// <summary>Blocks between <paramref name="head"/> (say, the node's current head) and the last processed block.</summary>
    public long LagBehind(long head) => LastProcessedBlock < 0 ? head + 1 : Math.Max(0, head - LastProcessedBlock);

    public static ChainListenerStatus Disabled { get; } = new(false, -1, null, 0, null, null, 0, 0, 0, 0);
}

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

[GenerateSerializer, Immutable, Alias("enerlectra.ChainMirrorStatus")]
public sealed record ChainMirrorStatus(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] int Pending,
    [property: Id(2)] long Completed,
    [property: Id(3)] long GivenUp,
    [property: Id(4)] string? LastError,
    [property: Id(5)] DateTimeOffset? LastMirroredAt,
    [property: Id(6)] DateTimeOffset? OldestPendingSince)
{
    public static ChainMirrorStatus Disabled { get; } = new(false, 0, 0, 0, null, null, null);
}

public static class ChainGrains
{
    public const long SingletonKey = 0;
}
