namespace Enerlectra.MobileMoney;

/// <summary>The provider's view of one collection.</summary>
/// <param name="State">Where the collection stands.</param>
/// <param name="Reason">The provider's reason code for a failure (e.g. "APPROVAL_REJECTED"), when given.</param>
/// <param name="ProviderTransactionId">The provider's own transaction id, known once the payer was charged.</param>
/// <param name="AmountNgwee">The amount the provider holds for the collection, in ngwee, when reported.</param>
public sealed record CollectionStatus(
    CollectionState State,
    string? Reason,
    string? ProviderTransactionId,
    long? AmountNgwee);
