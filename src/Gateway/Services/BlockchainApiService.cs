using Enerlectra.Api.V1;
using Enerlectra.Gateway.Mapping;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Enerlectra.Gateway.Services;

/// <summary>
/// Reports the on-chain rail honestly: none is configured yet, so "hybrid" always selects mobile money.
/// </summary>
[AllowAnonymous]
public sealed class BlockchainApiService(TimeProvider clock, PaymentOverviewQuery payments) : BlockchainService.BlockchainServiceBase
{
    public override Task<BlockchainHealthResponse> GetStatus(BlockchainStatusRequest request, ServerCallContext context) => ReportAsync();

    public override Task<BlockchainHealthResponse> GetHealth(BlockchainStatusRequest request, ServerCallContext context) => ReportAsync();

    private async Task<BlockchainHealthResponse> ReportAsync()
    {
        var (pending, _) = await payments.ReadAsync();
        var now = clock.GetUtcNow();
        var summary = new PaymentsSummary
        {
            Unresolved = pending.Count,
            OldestUnresolvedAge = Duration.FromTimeSpan(pending.Count == 0 ? TimeSpan.Zero : now - pending[0].Since),
        };
        foreach (var group in pending.GroupBy(p => p.Network))
        {
            summary.UnresolvedByNetwork[ApiMapping.Name(group.Key)] = group.Count();
        }

        var health = new BlockchainHealth
        {
            Service = "enerlectra-blockchain",
            Status = "not_configured",
            Blockchain = new ChainInfo { IsInitialized = false, Network = "none", BlockNumber = 0 },
            Timestamp = Timestamp.FromDateTimeOffset(now),
            Message = "No blockchain is configured on this server; every trade is paid by mobile money.",
        };
        health.ActivePaymentMethods.Add("mobile_money");
        health.Payments = summary;
        return new BlockchainHealthResponse { Success = true, Data = health };
    }
}
