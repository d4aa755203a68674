namespace Enerlectra.MobileMoney;

/// <summary>What the provider said to a collection request that it did not refuse.</summary>
public enum SubmitOutcome
{
    /// <summary>The provider took the request; its outcome arrives later (poll or callback).</summary>
    Accepted,

    /// <summary>
    /// The provider already had a request with this reference (HTTP 409); it was not charged again.
    /// The caller must query the status to learn the outcome.
    /// </summary>
    AlreadySubmitted,
}
