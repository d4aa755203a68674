namespace Enerlectra.Abstractions.Payments;

public enum TradeStatus
{
    /// <summary>Energy is reserved; the buyer's payment is not yet definite.</summary>
    PaymentPending = 0,
    /// <summary>Paid; energy and money are being moved.</summary>
    Settling = 1,
    Completed = 2,
    /// <summary>The payment definitely failed; the reserved energy was released.</summary>
    Failed = 3,
}

/// <summary>Where the collection stands at the provider, as far as we know.</summary>
public enum PaymentState
{
    /// <summary>Not yet accepted by the provider (or the outcome of sending it is unknown).</summary>
    Submitting = 0,
    /// <summary>The provider has it; the buyer has to approve it on their phone.</summary>
    AwaitingApproval = 1,
    Successful = 2,
    Failed = 3,
}
