using Orleans;

namespace Enerlectra.Abstractions.Withdrawals;

/// <summary>
/// One withdrawal from a user's market balance to their verified phone, keyed by withdrawal id with the user id as
/// key extension: the market holds the money (a payout from the balance), a payout grain pays it out under the same
/// id, and the market settles the hold once the provider's answer is definite (paid: the money left; failed: it is
/// available again). An unknown outcome is reconciled, never taken for a failure.
/// </summary>
[Alias("enerlectra.IWithdrawalGrain")]
public interface IWithdrawalGrain : IGrainWithGuidCompoundKey
{
    /// <summary>
    /// Starts the withdrawal: checks the verified phone and the provider's limits, holds the money in the market and
    /// starts the payout. The same request again returns the withdrawal as it stands; a different one under the same
    /// key is refused (AlreadyExists, idempotencyKey). A refusal (not enough money, no verified phone) records nothing.
    /// </summary>
    [Alias("Start")]
    Task<WithdrawalSnapshot> StartAsync(WithdrawalRequest request);

    /// <summary>Moves the withdrawal on (hold, payout, settlement) from wherever it stands; the reconciler's sweep calls it.</summary>
    [Alias("Reconcile")]
    Task<WithdrawalStatus> ReconcileAsync();

    /// <summary>The payout's definite outcome, from the payout grain. Idempotent.</summary>
    [Alias("PayoutFinished")]
    Task PayoutFinishedAsync(bool paid, string? reason);

    /// <summary>Where this withdrawal stands; null when it was never recorded.</summary>
    [Alias("Get")]
    Task<WithdrawalSnapshot?> GetAsync();
}
