using Enerlectra.Chain;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Enerlectra.Gateway.Hosting;

/// <summary>
/// /health's view of the chain. A broken chain is "Degraded", never "Unhealthy": trades still go through by mobile
/// money, so a load balancer must not take the gateway out of rotation for it.
/// </summary>
public sealed class ChainHealthCheck(IChainStatusSource chain) : IHealthCheck
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
        return status.Health switch
        {
            "healthy" => HealthCheckResult.Healthy($"chain {status.ChainId} at block {status.HeadBlock}", data),
            "not_configured" => HealthCheckResult.Healthy("no chain configured (mobile money only)", data),
            _ => HealthCheckResult.Degraded(status.Problem, data: data),
        };
    }
}
