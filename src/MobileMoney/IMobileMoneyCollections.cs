namespace Enerlectra.MobileMoney;

/// <summary>Collections (request-to-pay) against one mobile money provider.</summary>
public interface IMobileMoneyCollections
{
    /// <summary>The provider this instance talks to.</summary>
    MobileMoneyProvider Provider { get; }

    /// <summary>Asks the payer to approve a payment.</summary>
    /// <param name="request">The collection; its <see cref="CollectionRequest.ReferenceId"/> is the idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call; the outcome is then unknown and must be reconciled.</param>
    /// <returns>
    /// <see cref="SubmitOutcome.Accepted"/> when the provider took it;
    /// <see cref="SubmitOutcome.AlreadySubmitted"/> for a duplicate reference (HTTP 409): the caller must query the status.
    /// </returns>
    /// <exception cref="MobileMoneyRejectedException">
    /// The provider definitely refused the request (a 4xx other than 409/429): nothing will be charged.
    /// </exception>
    /// <exception cref="MobileMoneyUnavailableException">
    /// The outcome is unknown (timeouts, 5xx after retries, circuit open): reconcile with <see cref="GetStatusAsync"/>.
    /// </exception>
    Task<SubmitOutcome> RequestToPayAsync(CollectionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Asks the provider where a collection stands.</summary>
    /// <param name="referenceId">The reference the collection was submitted with.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// The status; <see cref="CollectionState.NotFound"/> means the provider has no record of this reference
    /// (it never arrived), so resubmitting with the same reference is safe.
    /// </returns>
    /// <exception cref="MobileMoneyRejectedException">The provider refused the query (for example bad credentials).</exception>
    /// <exception cref="MobileMoneyUnavailableException">The provider could not be reached or answered with a server error.</exception>
    Task<CollectionStatus> GetStatusAsync(Guid referenceId, CancellationToken cancellationToken = default);
}
