using Enerlectra.Abstractions.Phones;
using Orleans;

namespace Enerlectra.Abstractions.Payments;

/// <summary>
/// A buyer's payment (collection), a seller's payout (disbursement), a phone verification (collection), a deposit
/// (collection) or a withdrawal (disbursement) whose outcome is not yet definite, as the reconciler tracks it.
/// <see cref="Owner"/> is the user id for payouts (the seller), phone verifications (the user linking the number),
/// deposits and withdrawals. <see cref="OutcomeUnknown"/> is set
/// while the last attempt to send or query it had no answer (a timeout, a 5xx, a crash), as opposed to a payment the
/// provider has and is waiting on the payer for.
/// <see cref="Recheck"/>: a wallet payment that had completed, listed again while a chain reorganisation is checked;
/// it was counted when it completed, so how the check ends is not counted again.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.PendingPayment")]
public sealed record PendingPayment(
    [property: Id(0)] Guid TradeId,
    [property: Id(1)] MobileNetwork Network,
    [property: Id(2)] DateTimeOffset Since,
    [property: Id(3)] PendingKind Kind = PendingKind.Collection,
    [property: Id(4)] string? Owner = null,
    [property: Id(5)] bool OutcomeUnknown = false,
    [property: Id(6)] bool Recheck = false);

public enum PendingKind
{
    /// <summary>A buyer's mobile money payment.</summary>
    Collection = 0,
    Payout = 1,
    /// <summary>A buyer's payment from their connected wallet (on-chain); <see cref="PendingPayment.Network"/> is meaningless.</summary>
    WalletPayment = 2,

    /// <summary>The small collection that proves a user holds the number they link.</summary>
    PhoneVerification = 3,

    /// <summary>A collection into a user's market balance (a deposit).</summary>
    Deposit = 4,

    /// <summary>A payout from a user's market balance to their phone (a withdrawal): the hold, the payout and its settlement.</summary>
    Withdrawal = 5,

    /// <summary>A deposit from the user's linked wallet (on-chain); <see cref="PendingPayment.Network"/> is meaningless.</summary>
    WalletDeposit = 6,
}
