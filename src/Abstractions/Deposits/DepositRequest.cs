using Orleans;

namespace Enerlectra.Abstractions.Deposits;

/// <summary>
/// Money a user asked to move from their verified phone (or, with <see cref="DepositMethod.Wallet"/>, their linked
/// wallet) into their balance in a market, as they asked it: a retry with the same idempotency key must be this
/// request exactly. <see cref="DepositId"/> (keyed from the user and the key) is also the provider's reference for the
/// collection, or the on-chain deposit ref. <see cref="PayerMsisdn"/> is the number the user named (digits with 260),
/// or "" for their verified phone; only the verified phone is ever collected from (and a wallet deposit takes none).
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.DepositRequest")]
public sealed record DepositRequest(
    [property: Id(0)] Guid DepositId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string MarketId,
    [property: Id(3)] long AmountNgwee,
    [property: Id(4)] string PayerMsisdn,
    [property: Id(5)] string IdempotencyKey,
    [property: Id(6)] DepositMethod Method = DepositMethod.MobileMoney);
