using Enerlectra.Abstractions.Payments;

namespace Enerlectra.Grains.Payments;

[GenerateSerializer, Alias("enerlectra.PaymentReconcilerState")]
public sealed record PaymentReconcilerState
{
    [Id(0)] public Dictionary<Guid, PendingPayment> Pending { get; set; } = [];

    /// <summary>Ended payments and payouts, keyed by (kind, network, failed).</summary>
    [Id(1)] public Dictionary<(PendingKind Kind, Abstractions.Phones.MobileNetwork Network, bool Failed), long> Resolved { get; set; } = [];
}
