using Orleans;

namespace Enerlectra.Abstractions.Payouts;

/// <summary>
/// One payout of seller earnings, keyed by payout id with the seller's user id as key extension. The payout id is
/// the provider's transfer reference, so asking again is always safe and a retry can never pay twice. The wallet
/// holds the money as "payout pending" until this grain reports a definite outcome.
/// </summary>
[Alias("enerlectra.IPayoutGrain")]
public interface IPayoutGrain : IGrainWithGuidCompoundKey
{
    /// <summary>
    /// Starts the payout (idempotent). One-way: the wallet that asks never waits for the payout grain, which itself
    /// calls back into the wallet when done, so the two can never wait on each other. The reconciler covers a lost message.
    /// </summary>
    [Alias("Start"), Orleans.Concurrency.OneWay]
    Task StartAsync(PayoutRequest request);

    /// <summary>Asks the provider where the transfer stands, starting it first if it never started.</summary>
    [Alias("Reconcile")]
    Task<PayoutStatus> ReconcileAsync();

    [Alias("Get")]
    Task<PayoutSnapshot?> GetAsync();
}
