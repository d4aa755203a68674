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

    /// <summary>
    /// The record of a mobile money trade was mined in <paramref name="block"/>; as for wallet payments, if the
    /// listener reads past that block without finding it, the record is queued again. One-way.
    /// </summary>
    [Alias("WatchMirroredTrade"), Orleans.Concurrency.OneWay]
    Task WatchMirroredTradeAsync(Guid tradeId, long block);

    /// <summary>
    /// A deposit of <paramref name="userId"/> was collected from their linked wallet in <paramref name="block"/> (null:
    /// at most the head) and credited. If a reorganisation takes the collection away (read and undone, or never read),
    /// the deposit is told to collect it again, and takes the credit back if it cannot. One-way.
    /// </summary>
    [Alias("WatchWalletDeposit"), Orleans.Concurrency.OneWay]
    Task WatchWalletDepositAsync(Guid depositId, string userId, long? block);
}
