namespace Enerlectra.MobileMoney;

/// <summary>A request to collect money from a payer's mobile money wallet.</summary>
/// <param name="ReferenceId">
/// Our idempotency key (a UUID v4) and the provider's reference for the collection.
/// Resubmitting with the same value can never charge the payer twice, so keep it for the life of the payment.
/// </param>
/// <param name="PayerMsisdn">The payer's number as digits with the country code and no '+', e.g. "260961234567".</param>
/// <param name="AmountNgwee">The amount in ngwee (1 ZMW = 100 ngwee); must be positive.</param>
/// <param name="ExternalId">Our own identifier echoed back by the provider (for example the order id).</param>
/// <param name="PayerMessage">Text shown to the payer on the approval prompt.</param>
/// <param name="CallbackUrl">
/// Where the provider should send its completion callback, or <see langword="null"/> for none.
/// Callbacks are hints only: confirm them with <see cref="IMobileMoneyCollections.GetStatusAsync"/>.
/// </param>
public sealed record CollectionRequest(
    Guid ReferenceId,
    string PayerMsisdn,
    long AmountNgwee,
    string ExternalId,
    string PayerMessage,
    Uri? CallbackUrl);
