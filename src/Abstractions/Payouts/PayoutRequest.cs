using Enerlectra.Abstractions.Phones;
using Orleans;

namespace Enerlectra.Abstractions.Payouts;

/// <summary>Seller earnings on their way to the seller's phone.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.PayoutRequest")]
public sealed record PayoutRequest(
    [property: Id(0)] Guid PayoutId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string PayeeMsisdn,
    [property: Id(3)] MobileNetwork Network,
    [property: Id(4)] long AmountNgwee);
