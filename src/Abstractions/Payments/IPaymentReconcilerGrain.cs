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
    /// <summary>
    /// Adds the buyer's mobile money payment; returns once that is durable. A wallet payment that fell back to mobile
    /// money is listed again under its network (keeping when it started).
    /// </summary>
    [Alias("Track")]
    Task TrackAsync(Guid tradeId, MobileNetwork network);

    /// <summary>
    /// Adds the buyer's payment from a connected wallet; returns once that is durable. <paramref name="recheck"/>: a
    /// completed one checked again after a chain reorganisation (not counted again when it ends).
    /// </summary>
    [Alias("TrackWalletPayment")]
    Task TrackWalletPaymentAsync(Guid tradeId, bool recheck = false);

    /// <summary>Adds a seller's payout; returns once that is durable.</summary>
    [Alias("TrackPayout")]
    Task TrackPayoutAsync(Guid payoutId, string sellerId, MobileNetwork network);

    /// <summary>Adds a phone verification (its collection); returns once that is durable.</summary>
    [Alias("TrackPhoneVerification")]
    Task TrackPhoneVerificationAsync(Guid verificationId, string userId, MobileNetwork network);

    /// <summary>Adds a deposit (its collection); returns once that is durable.</summary>
    [Alias("TrackDeposit")]
    Task TrackDepositAsync(Guid depositId, string userId, MobileNetwork network);

    /// <summary>Adds a deposit from a linked wallet (its on-chain collection); returns once that is durable.</summary>
    [Alias("TrackWalletDeposit")]
    Task TrackWalletDepositAsync(Guid depositId, string userId);

    /// <summary>Adds a withdrawal (hold, payout, settlement); returns once that is durable.</summary>
    [Alias("TrackWithdrawal")]
    Task TrackWithdrawalAsync(Guid withdrawalId, string userId, MobileNetwork network);

    /// <summary>
    /// The listed payment, payout or verification with this id (what a provider reference stands for), or null when
    /// it is not open. Read-only and interleaved.
    /// </summary>
    [Alias("Find"), Orleans.Concurrency.AlwaysInterleave]
    Task<PendingPayment?> FindAsync(Guid id);

    /// <summary>Records whether the payment's or payout's last exchange with the provider had no answer.</summary>
    [Alias("MarkUnknown")]
    Task MarkOutcomeUnknownAsync(Guid id, bool unknown);

    /// <summary>Removes a payment or payout that became definite, counting how it ended.</summary>
    [Alias("Untrack")]
    Task UntrackAsync(Guid tradeId, bool failed);

    [Alias("GetPending")]
    Task<IReadOnlyList<PendingPayment>> GetPendingAsync();

    /// <summary>How many payments and payouts this shard saw end, per kind, network and outcome.</summary>
    [Alias("GetResolved")]
    Task<IReadOnlyList<ResolvedCount>> GetResolvedAsync();
}

[GenerateSerializer, Immutable, Alias("enerlectra.ResolvedCount")]
public sealed record ResolvedCount(
    [property: Id(0)] PendingKind Kind,
    [property: Id(1)] MobileNetwork Network,
    [property: Id(2)] bool Failed,
    [property: Id(3)] long Count);

public static class PaymentReconcilers
{
    public const int Shards = 8;

    public static long ShardOf(Guid tradeId) => (tradeId.GetHashCode() & int.MaxValue) % Shards;
}
