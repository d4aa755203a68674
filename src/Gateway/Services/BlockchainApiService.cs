using Enerlectra.Api.V1;
using Enerlectra.Chain;
using Enerlectra.Gateway.Mapping;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Enerlectra.Gateway.Services;

/// <summary>
/// Reports the on-chain rail honestly: the node's real chain id and head block and whether the contracts are
/// deployed when a chain is configured, "not_configured" (mobile money only) otherwise. Payment selection does not
/// use the chain yet, so "hybrid" still selects mobile money either way.
/// </summary>
[AllowAnonymous]
public sealed class BlockchainApiService(TimeProvider clock, PaymentOverviewQuery payments, IChainStatusSource chain) : BlockchainService.BlockchainServiceBase
{
    public override Task<BlockchainHealthResponse> GetStatus(BlockchainStatusRequest request, ServerCallContext context) => ReportAsync(context.CancellationToken);

    public override Task<BlockchainHealthResponse> GetHealth(BlockchainStatusRequest request, ServerCallContext context) => ReportAsync(context.CancellationToken);

    private async Task<BlockchainHealthResponse> ReportAsync(CancellationToken cancellationToken)
    {
        var (pending, _) = await payments.ReadAsync();
        var status = await chain.GetStatusAsync(cancellationToken);
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
            Status = status.Health,
            Blockchain = new ChainInfo
            {
                IsInitialized = status.Configured && status.Reachable,
                Network = status.Network,
                BlockNumber = status.HeadBlock,
                HeadBlock = status.HeadBlock,
                ChainId = status.ChainId,
                ContractsDeployed = status.ContractsDeployed,
            },
            Timestamp = Timestamp.FromDateTimeOffset(now),
            Message = Message(status),
        };
        health.ActivePaymentMethods.Add("mobile_money");
        health.Payments = summary;
        return new BlockchainHealthResponse { Success = true, Data = health };
    }

    private static string Message(ChainStatus status) => status.Health switch
    {
        "not_configured" => "No blockchain is configured on this server; every trade is paid by mobile money.",
        "healthy" => $"Connected to {status.Network} (chain {status.ChainId}) at block {status.HeadBlock}; the contracts are deployed. Trades are paid by mobile money.",
        _ => $"The blockchain is configured but not usable: {status.Problem} Trades are paid by mobile money.",
    };
}
