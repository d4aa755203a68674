namespace Enerlectra.MobileMoney;

/// <summary>Payouts (disbursements) through one mobile money provider: we pay a payee from our account.</summary>
/// <remarks>
/// The semantics mirror <see cref="IMobileMoneyCollections"/>: a rejection means nothing was paid, "unavailable" means
/// the outcome is unknown and must be reconciled with <see cref="GetTransferStatusAsync"/> before anything is resent
/// under a new reference (resending under the same reference is always safe).
/// </remarks>
public interface IMobileMoneyDisbursements
{
    /// <summary>The provider this instance talks to.</summary>
    MobileMoneyProvider Provider { get; }

    /// <summary>Asks the provider to pay the payee.</summary>
    /// <param name="request">The payout; its <see cref="DisbursementRequest.ReferenceId"/> is the idempotency key.</param>
    /// <param name="ct">Cancels the call; the outcome is then unknown and must be reconciled.</param>
    /// <returns>
    /// <see cref="SubmitOutcome.Accepted"/> when the provider took it; <see cref="SubmitOutcome.AlreadySubmitted"/>
    /// when it already had this reference (nothing is paid twice): the caller must query the status.
    /// </returns>
    /// <exception cref="MobileMoneyRejectedException">The provider definitely refused: nothing will be paid.</exception>
    /// <exception cref="MobileMoneyUnavailableException">The outcome is unknown: reconcile with <see cref="GetTransferStatusAsync"/>.</exception>
    Task<SubmitOutcome> TransferAsync(DisbursementRequest request, CancellationToken ct = default);

    /// <summary>Asks the provider where a payout stands.</summary>
    /// <param name="referenceId">The reference the payout was submitted with.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>
    /// The status (<see cref="CollectionState.Successful"/> means the payee was paid);
    /// <see cref="CollectionState.NotFound"/> means the provider never got it, so resubmitting the same reference is safe.
    /// </returns>
    /// <exception cref="MobileMoneyRejectedException">The provider refused the query (for example bad credentials).</exception>
    /// <exception cref="MobileMoneyUnavailableException">The provider could not be reached or answered with a server error.</exception>
    Task<CollectionStatus> GetTransferStatusAsync(Guid referenceId, CancellationToken ct = default);
}
