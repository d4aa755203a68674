using Enerlectra.Soak.Topology;

namespace Enerlectra.Soak.Faults;

/// <summary>
/// The faults, spread over the run: a silo killed (SIGKILL) and restarted, the database server restarted, the mobile
/// money providers unreachable for a while, the gateway killed and restarted while streams are open, and the other
/// silo killed; with a chain, its node unreachable for a while and a reorganisation that drops the blocks of the
/// last seconds (wallet payments in them included). Each waits for its moment, happens, and is recorded with when its cause was removed.
/// </summary>
public sealed class FaultSchedule(SoakCluster cluster, SoakOptions options, TextWriter progress)
{
    private static readonly TimeSpan CalmBetweenFaults = TimeSpan.FromSeconds(8);

    /// <summary>How much of the chain's recent history the reorganisation replaces (everything mined in it).</summary>
    private static readonly TimeSpan ReorganisedSpan = TimeSpan.FromSeconds(10);

    private readonly List<FaultRecord> _faults = [];

    public IReadOnlyList<FaultRecord> Faults => _faults;

    /// <summary>Faults not yet injected (or under way).</summary>
    public int Remaining { get; private set; } = 1;

    /// <summary>Injects the faults due before <paramref name="stop"/>; one under way is finished (its restart awaited) even after it.</summary>
    public async Task RunAsync(DateTimeOffset start, CancellationToken stop, CancellationToken cancellationToken)
    {
        var steps = new List<(double At, string Name, Func<CancellationToken, Task> Act)>
        {
            (0.12, "silo killed (SIGKILL) and restarted", ct => KillSiloAsync(1, ct)),
            (0.42, $"providers unreachable for {options.ProviderOutage.TotalSeconds:0} s", ProviderOutageAsync),
            (0.62, "gateway killed and restarted, streams open", RestartGatewayAsync),
            (0.80, "other silo killed (SIGKILL) and restarted", ct => KillSiloAsync(0, ct)),
        };
        if (cluster.Database.CanRestart)
        {
            steps.Add((0.28, "PostgreSQL restarted", cluster.Database.RestartAsync));
        }

        if (cluster.Chain is { } chain)
        {
            steps.Add((0.52, $"chain node unreachable for {options.ChainOutage.TotalSeconds:0} s", ct => ChainOutageAsync(chain, ct)));
            steps.Add((0.90, $"chain reorganised: the blocks of the last {ReorganisedSpan.TotalSeconds:0} s replaced", ct => ReorganiseAsync(chain, ct)));
        }

        foreach (var (at, name, act) in steps.OrderBy(s => s.At))
        {
            Remaining = steps.Count - _faults.Count;
            // Faults never overlap: each waits for the cluster to have had a calm moment after the one before.
            var due = Max(start + options.Duration * at, _faults.Count == 0 ? start : _faults[^1].HealedAt + CalmBetweenFaults);
            var wait = due - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            if (stop.IsCancellationRequested)
            {
                return;
            }

            var injected = DateTimeOffset.UtcNow;
            progress.WriteLine($"[soak] {injected:HH:mm:ss} fault: {name}");
            string? error = null;
            try
            {
                await act(cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                error = ex.Message;
                progress.WriteLine($"[soak] fault '{name}' went wrong: {ex.Message}");
            }

            _faults.Add(new FaultRecord(name, injected, DateTimeOffset.UtcNow, error));
        }

        Remaining = 0;
    }

    /// <summary>When the load may stop: the run's duration, or a calm moment after the last fault if that is later.</summary>
    public DateTimeOffset CalmAfterLastFault => _faults.Count == 0 ? DateTimeOffset.MinValue : _faults[^1].HealedAt + CalmBetweenFaults;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private async Task KillSiloAsync(int index, CancellationToken stop)
    {
        await cluster.Silos[index].Process.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(5), stop);
        await cluster.RestartSiloAsync(index, stop);
    }

    private Task ProviderOutageAsync(CancellationToken stop) => OutageAsync(cluster.Providers, options.ProviderOutage, stop);

    private Task ChainOutageAsync(SoakChain chain, CancellationToken stop) => OutageAsync(chain.Proxy, options.ChainOutage, stop);

    /// <summary>What is behind <paramref name="proxy"/> is unreachable for <paramref name="duration"/>, whatever happens meanwhile.</summary>
    private static async Task OutageAsync(FaultProxy proxy, TimeSpan duration, CancellationToken stop)
    {
        proxy.GoDown();
        try
        {
            await Task.Delay(duration, stop);
        }
        finally
        {
            proxy.ComeBack();
        }
    }

    /// <summary>Marks the chain's head, lets the load run on it, then replaces everything mined since by a longer branch.</summary>
    private async Task ReorganiseAsync(SoakChain chain, CancellationToken stop)
    {
        var fork = await chain.HeadAsync();
        var snapshot = await chain.SnapshotAsync();
        await Task.Delay(ReorganisedSpan, stop);
        // A reorganisation of nothing proves nothing: wait (bounded) until a few transactions have been mined on it.
        var until = DateTimeOffset.UtcNow.AddSeconds(30);
        while (await chain.HeadAsync() < fork + 4 && DateTimeOffset.UtcNow < until)
        {
            await Task.Delay(500, stop);
        }

        var replaced = await chain.ReorganiseAsync(snapshot, fork);
        progress.WriteLine($"[soak] the chain reorganised at block {fork}: {replaced} blocks replaced");
    }

    private async Task RestartGatewayAsync(CancellationToken stop)
    {
        await cluster.Gateway.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(2), stop);
        await cluster.RestartGatewayAsync(stop);
    }
}
