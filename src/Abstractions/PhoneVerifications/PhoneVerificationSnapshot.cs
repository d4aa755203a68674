using Enerlectra.Abstractions.Phones;
using Orleans;

namespace Enerlectra.Abstractions.PhoneVerifications;

/// <summary>
/// A verification as its user sees it: the number (international form, "+260…"), where it stands, and why it
/// failed. <see cref="VerificationId"/> is the provider's reference for the verification collection.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.PhoneVerificationSnapshot")]
public sealed record PhoneVerificationSnapshot(
    [property: Id(0)] Guid VerificationId,
    [property: Id(1)] string PhoneNumber,
    [property: Id(2)] MobileNetwork Network,
    [property: Id(3)] PhoneVerificationStatus Status,
    [property: Id(4)] string? FailureReason,
    [property: Id(5)] long AmountNgwee,
    [property: Id(6)] DateTimeOffset StartedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt);
