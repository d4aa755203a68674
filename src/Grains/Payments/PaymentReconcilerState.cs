using Enerlectra.Abstractions.Payments;

namespace Enerlectra.Grains.Payments;

[GenerateSerializer, Alias("enerlectra.PaymentReconcilerState")]
public sealed record PaymentReconcilerState
{
    [Id(0)] public Dictionary<Guid, PendingPayment> Pending { get; set; } = [];
}
