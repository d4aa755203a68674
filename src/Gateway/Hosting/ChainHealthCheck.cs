using Enerlectra.Abstractions.Chain;
using Enerlectra.Chain;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Enerlectra.Gateway.Hosting;

/// <summary>
/// /health's view of the chain. A broken chain is "Degraded", never "Unhealthy": trades still go through by mobile
/// money, so a load balancer must not take the gateway out of rotation for it.
/// </summary>
public sealed class ChainHealthCheck(IChainStatusSource chain, ChainOptions options, IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = await chain.GetStatusAsync(cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["network"] = status.Network,
            ["chainId"] = status.ChainId,
            ["headBlock"] = status.HeadBlock,
            ["contractsDeployed"] = status.ContractsDeployed,
        };
        if (options.IsConfigured)
        {
            var listener = await grains.GetGrain<IChainListenerGrain>(ChainGrains.SingletonKey).GetStatusAsync();
            var mirror = await grains.GetGrain<IChainMirrorGrain>(ChainGrains.SingletonKey).GetStatusAsync();
            data["lastProcessedBlock"] = listener.LastProcessedBlock;
            data["lagBlocks"] = status.Reachable ? listener.LagBehind(status.HeadBlock) : listener.Lag;
            data["lastSync"] = listener.LastSyncAt?.ToString("O") ?? "never";
            data["pendingMirrorJobs"] = mirror.Pending;
            data["walletPayments"] = options.CanSend;
        }

        return status.Health switch
        {
            "healthy" => HealthCheckResult.Healthy($"chain {status.ChainId} at block {status.HeadBlock}", data),
            "not_configured" => HealthCheckResult.Healthy("no chain configured (mobile money only)", data),
            _ => HealthCheckResult.Degraded(status.Problem, data: data),
        };
    }
}
