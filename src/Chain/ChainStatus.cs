namespace Enerlectra.Chain;

/// <summary>What the server can say about its chain right now.</summary>
public sealed record ChainStatus(
    bool Configured,
    bool Reachable,
    string Network,
    long ChainId,
    long HeadBlock,
    bool EnergyTokenDeployed,
    bool PaymentTokenDeployed,
    bool EnergyTradingDeployed,
    string? Problem)
{
    public static ChainStatus NotConfigured { get; } = new(false, false, "none", 0, 0, false, false, false, null);

    public bool ContractsDeployed => EnergyTokenDeployed && PaymentTokenDeployed && EnergyTradingDeployed;

    /// <summary>"healthy" (node answers, right chain, contracts have code), "degraded", or "not_configured".</summary>
    public string Health => !Configured ? "not_configured" : Reachable && ContractsDeployed && Problem is null ? "healthy" : "degraded";
}

/// <summary>Reports the chain's status: the real client when a chain is configured, otherwise an honest "not configured".</summary>
public interface IChainStatusSource
{
    Task<ChainStatus> GetStatusAsync(CancellationToken cancellationToken = default);
}

/// <summary>No chain configured: everything is paid by mobile money, and the status says so.</summary>
public sealed class NotConfiguredChainStatus : IChainStatusSource
{
    public Task<ChainStatus> GetStatusAsync(CancellationToken cancellationToken = default) => Task.FromResult(ChainStatus.NotConfigured);
}
