using Orleans;

namespace Enerlectra.Abstractions.Withdrawals;

/// <summary>
/// Money a user asked to move from their balance in a market to their verified phone, as they asked it: a retry with
/// the same idempotency key must be this request exactly. <see cref="WithdrawalId"/> (keyed from the user and the
/// key) is also the payout's id: the market's hold and the provider's disbursement reference.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.WithdrawalRequest")]
public sealed record WithdrawalRequest(
    [property: Id(0)] Guid WithdrawalId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string MarketId,
    [property: Id(3)] long AmountNgwee,
    [property: Id(4)] string IdempotencyKey);
