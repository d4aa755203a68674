using Orleans;

namespace Enerlectra.Abstractions.Deposits;

/// <summary>
/// One deposit by mobile money (or from the user's linked wallet) into a user's market balance, keyed by deposit id
/// with the user id as key extension. The deposit id is the provider's reference (or the contract's deposit ref), so
/// asking again is always safe and a resubmission can never charge twice; the market credits it once, by the same id,
/// when the provider (or the chain) confirms the collection. An unknown outcome is reconciled, never taken for a failure.
/// </summary>
[Alias("enerlectra.IDepositGrain")]
public interface IDepositGrain : IGrainWithGuidCompoundKey
{
    /// <summary>
    /// Starts the deposit: checks the phone (only the user's verified phone pays) and the provider's and the user's
    /// limits, records it, asks the provider to collect. The same request again returns the deposit as it stands; a
    /// different one under the same key is refused (AlreadyExists, idempotencyKey). A refusal records nothing.
    /// </summary>
    [Alias("Start")]
    Task<DepositSnapshot> StartAsync(DepositRequest request);

    /// <summary>Asks the provider where the collection stands and acts on a definite answer.</summary>
    [Alias("Reconcile")]
    Task<DepositStatus> ReconcileAsync();

    /// <summary>The provider says something happened. Only a hint: the grain asks the provider before acting.</summary>
    [Alias("ProviderCallback")]
    Task ProviderCallbackAsync();

    /// <summary>
    /// The chain listener found this deposit's collection from a linked wallet taken away by a reorganisation. The
    /// deposit checks the chain, collects again under the same deposit id (taken at most once) and, only if that is
    /// definitely refused, takes the credit back. Anything else (unknown, mobile money, not credited) ignores it.
    /// </summary>
    [Alias("ChainCollectionReorganised")]
    Task ChainCollectionReorganisedAsync();

    /// <summary>Where this deposit stands; null when it was never recorded.</summary>
    [Alias("Get")]
    Task<DepositSnapshot?> GetAsync();
}
