using Enerlectra.Abstractions.Phones;
using Orleans;

namespace Enerlectra.Abstractions.Payments;

/// <summary>
/// The durable list of payments whose outcome is not yet definite, split into <see cref="PaymentReconcilers.Shards"/>
/// shards by trade id. A reminder per shard wakes every listed payment up to reconcile, so neither a crash, a
/// restart nor a lost callback can strand one; one list per shard instead of one reminder per payment keeps it to
/// a few grouped writes however many trades run.
/// </summary>
[Alias("enerlectra.IPaymentReconcilerGrain")]
public interface IPaymentReconcilerGrain : IGrainWithIntegerKey
{
    /// <summary>Adds the buyer's payment; returns once that is durable.</summary>
    [Alias("Track")]
    Task TrackAsync(Guid tradeId, MobileNetwork network);

    /// <summary>Adds a seller's payout; returns once that is durable.</summary>
    [Alias("TrackPayout")]
    Task TrackPayoutAsync(Guid payoutId, string sellerId, MobileNetwork network);

    /// <summary>Removes a payment or payout that became definite.</summary>
    [Alias("Untrack")]
    Task UntrackAsync(Guid tradeId);

    [Alias("GetPending")]
    Task<IReadOnlyList<PendingPayment>> GetPendingAsync();
}

public static class PaymentReconcilers
{
    public const int Shards = 8;

    public static long ShardOf(Guid tradeId) => (tradeId.GetHashCode() & int.MaxValue) % Shards;
}
