using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Api.V1;
using Enerlectra.Gateway.Auth;
using Enerlectra.Gateway.Mapping;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Enerlectra.Gateway.Services;

[Authorize(Roles = AuthOptions.OperatorRole)]
public sealed class OperatorApiService(IGrainFactory grains, TimeProvider clock) : OperatorService.OperatorServiceBase
{
    public override async Task<PaymentOverview> GetPaymentOverview(GetPaymentOverviewRequest request, ServerCallContext context)
    {
        if (request.MaxListed is < 0 or > 500)
        {
            throw TradingException.Invalid("maxListed", "maxListed must be between 0 and 500 (0 means 50).");
        }

        var shards = await Task.WhenAll(Enumerable.Range(0, PaymentReconcilers.Shards)
            .Select(shard => grains.GetGrain<IPaymentReconcilerGrain>(shard).GetPendingAsync()));
        var pending = shards.SelectMany(s => s).OrderBy(p => p.Since).ToList();
        var now = clock.GetUtcNow();
        var overview = new PaymentOverview
        {
            Unresolved = pending.Count,
            OldestUnresolvedAge = Duration.FromTimeSpan(pending.Count == 0 ? TimeSpan.Zero : now - pending[0].Since),
        };
        overview.Providers.AddRange(System.Enum.GetValues<MobileNetwork>().Select(n => new ProviderPayments
        {
            Network = ApiMapping.Name(n),
            Unresolved = pending.Count(p => p.Network == n),
        }));
        overview.Oldest.AddRange(pending.Take(request.MaxListed == 0 ? 50 : request.MaxListed).Select(p => new UnresolvedPayment
        {
            TradeId = p.TradeId.ToString(),
            Network = ApiMapping.Name(p.Network),
            Since = Timestamp.FromDateTimeOffset(p.Since),
        }));
        return overview;
    }
}
