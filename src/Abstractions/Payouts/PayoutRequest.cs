using Enerlectra.Abstractions.Phones;
using Orleans;

namespace Enerlectra.Abstractions.Payouts;

/// <summary>
/// Money on its way to a user's phone: seller earnings (the wallet's), or a withdrawal from a market balance (the
/// withdrawal grain's, with the same id). <see cref="Purpose"/> says whose it is, and so whom the payout tells.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.PayoutRequest")]
public sealed record PayoutRequest(
    [property: Id(0)] Guid PayoutId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string PayeeMsisdn,
    [property: Id(3)] MobileNetwork Network,
    [property: Id(4)] long AmountNgwee,
    [property: Id(5)] PayoutPurpose Purpose = PayoutPurpose.Earnings);
