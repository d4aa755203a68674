using Enerlectra.Abstractions.Payments;

namespace Enerlectra.Gateway.Services;

/// <summary>Reads every reconciler shard once: what is unresolved (oldest first) and how payments ended.</summary>
public sealed class PaymentOverviewQuery(IGrainFactory grains)
{
    public async Task<(IReadOnlyList<PendingPayment> Pending, IReadOnlyList<ResolvedCount> Resolved)> ReadAsync()
    {
        var shards = Enumerable.Range(0, PaymentReconcilers.Shards).Select(s => grains.GetGrain<IPaymentReconcilerGrain>(s)).ToList();
        var pending = await Task.WhenAll(shards.Select(s => s.GetPendingAsync()));
        var resolved = await Task.WhenAll(shards.Select(s => s.GetResolvedAsync()));
        return (pending.SelectMany(p => p).OrderBy(p => p.Since).ToList(), resolved.SelectMany(r => r).ToList());
    }
}
