namespace Enerlectra.MobileMoney;

/// <summary>A payout (disbursement) to a payee's mobile money wallet, e.g. a seller's proceeds.</summary>
/// <param name="ReferenceId">
/// Our idempotency key (a UUID v4) and the provider's reference for the payout. Resubmitting with the same value can
/// never pay twice, so keep it for the life of the payout.
/// </param>
/// <param name="PayeeMsisdn">The payee's number as digits with the country code and no '+', e.g. "260971234567".</param>
/// <param name="AmountNgwee">The amount in ngwee (1 ZMW = 100 ngwee); must be positive.</param>
/// <param name="ExternalId">Our own identifier echoed back by the provider (for example the settlement id).</param>
/// <param name="Note">Text shown to the payee with the payout.</param>
public sealed record DisbursementRequest(
    Guid ReferenceId,
    string PayeeMsisdn,
    long AmountNgwee,
    string ExternalId,
    string Note);
