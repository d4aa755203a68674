using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Enerlectra.Silo;

/// <summary>
/// Healthy only while the cluster's membership view says this silo is Active. A started process is not enough: a
/// silo still joining, shutting down or declared dead by its peers must not be counted on by an orchestrator.
/// </summary>
public sealed class SiloActiveHealthCheck(ILocalSiloDetails localSilo, IClusterMembershipService membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(localSilo.SiloAddress);
        var data = new Dictionary<string, object>
        {
            ["silo"] = localSilo.SiloAddress.ToString(),
            ["status"] = status.ToString(),
            ["activeSilos"] = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active),
            ["membershipVersion"] = snapshot.Version.Value,
        };
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"Silo {localSilo.SiloAddress} is Active.", data)
            : HealthCheckResult.Unhealthy($"Silo {localSilo.SiloAddress} is {status}.", data: data));
    }
}
