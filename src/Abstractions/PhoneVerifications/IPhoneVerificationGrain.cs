using Orleans;

namespace Enerlectra.Abstractions.PhoneVerifications;

/// <summary>
/// Proves that a user holds the number they link: a small collection from that number (the owner approves it with
/// their PIN), keyed by verification id with the user id as key extension. The verification id is the provider's
/// reference, so asking again is always safe and a resubmission can never charge twice. The wallet starts it and
/// hears the definite outcome; an unknown outcome is reconciled, never taken for a failure.
/// </summary>
[Alias("enerlectra.IPhoneVerificationGrain")]
public interface IPhoneVerificationGrain : IGrainWithGuidCompoundKey
{
    /// <summary>
    /// Starts the verification (idempotent). One-way: the wallet that asks never waits for this grain, which itself
    /// calls back into the wallet when done, so the two can never wait on each other. The reconciler covers a lost message.
    /// </summary>
    [Alias("Start"), Orleans.Concurrency.OneWay]
    Task StartAsync(PhoneVerificationRequest request);

    /// <summary>Asks the provider where the collection stands (starting it first if it never started) and acts on a definite answer.</summary>
    [Alias("Reconcile")]
    Task<PhoneVerificationStatus> ReconcileAsync();

    /// <summary>The provider says something happened. Only a hint: the grain asks the provider before acting.</summary>
    [Alias("ProviderCallback")]
    Task ProviderCallbackAsync();

    /// <summary>Where this verification stands; null when it never started.</summary>
    [Alias("Get")]
    Task<PhoneVerificationSnapshot?> GetAsync();
}
