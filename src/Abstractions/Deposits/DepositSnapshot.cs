using Enerlectra.Abstractions.Phones;
using Orleans;

namespace Enerlectra.Abstractions.Deposits;

/// <summary>
/// A deposit as its user sees it: how much, from which phone (international form, "+260…") over which network, or
/// from which linked wallet (<see cref="WalletAddress"/>; then the phone is "" and the network meaningless), into which
/// market, where it stands and why it failed.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.DepositSnapshot")]
public sealed record DepositSnapshot(
    [property: Id(0)] Guid DepositId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string MarketId,
    [property: Id(3)] long AmountNgwee,
    [property: Id(4)] string PhoneNumber,
    [property: Id(5)] MobileNetwork Network,
    [property: Id(6)] DepositStatus Status,
    [property: Id(7)] string? FailureReason,
    [property: Id(8)] string? ProviderTransactionId,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] DateTimeOffset UpdatedAt,
    [property: Id(11)] string IdempotencyKey,
    [property: Id(12)] DepositMethod Method = DepositMethod.MobileMoney,
    [property: Id(13)] string? WalletAddress = null);
