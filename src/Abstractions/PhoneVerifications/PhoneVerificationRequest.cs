using Enerlectra.Abstractions.Phones;
using Orleans;

namespace Enerlectra.Abstractions.PhoneVerifications;

/// <summary>
/// A number a user asked to link, to be proven theirs by collecting <see cref="AmountNgwee"/> from it (credited
/// back to their balance once collected). <see cref="VerificationId"/> is also the provider's reference.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.PhoneVerificationRequest")]
public sealed record PhoneVerificationRequest(
    [property: Id(0)] Guid VerificationId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string Msisdn,
    [property: Id(3)] MobileNetwork Network,
    [property: Id(4)] long AmountNgwee);
