using Enerlectra.Abstractions.Phones;
using Orleans;

namespace Enerlectra.Abstractions.Payments;

/// <summary>
/// A buyer's payment (collection) or a seller's payout (disbursement) whose outcome is not yet definite, as the
/// reconciler tracks it. <see cref="Owner"/> is the seller's user id for payouts.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.PendingPayment")]
public sealed record PendingPayment(
    [property: Id(0)] Guid TradeId,
    [property: Id(1)] MobileNetwork Network,
    [property: Id(2)] DateTimeOffset Since,
    [property: Id(3)] PendingKind Kind = PendingKind.Collection,
    [property: Id(4)] string? Owner = null);

public enum PendingKind
{
    Collection = 0,
    Payout = 1,
}
