using Enerlectra.Abstractions.Phones;
using Orleans;

namespace Enerlectra.Abstractions.Withdrawals;

/// <summary>A withdrawal as its user sees it: how much, from which market, to which phone ("+260…"), where it stands.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.WithdrawalSnapshot")]
public sealed record WithdrawalSnapshot(
    [property: Id(0)] Guid WithdrawalId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string MarketId,
    [property: Id(3)] long AmountNgwee,
    [property: Id(4)] string PhoneNumber,
    [property: Id(5)] MobileNetwork Network,
    [property: Id(6)] WithdrawalStatus Status,
    [property: Id(7)] string? FailureReason,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] string IdempotencyKey);
