using Enerlectra.Soak.Topology;

namespace Enerlectra.Soak.Faults;

/// <summary>
/// The faults, spread over the run: a silo killed (SIGKILL) and restarted, the database server restarted, the mobile
/// money providers unreachable for a while, the gateway killed and restarted while streams are open, and the other
/// silo killed. Each waits for its moment, happens, and is recorded with when its cause was removed.
/// </summary>
public sealed class FaultSchedule(SoakCluster cluster, SoakOptions options, TextWriter progress)
{
    private static readonly TimeSpan CalmBetweenFaults = TimeSpan.FromSeconds(8);

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

    private async Task ProviderOutageAsync(CancellationToken stop)
    {
        cluster.Providers.GoDown();
        try
        {
            await Task.Delay(options.ProviderOutage, stop);
        }
        finally
        {
            cluster.Providers.ComeBack();
        }
    }

    private async Task RestartGatewayAsync(CancellationToken stop)
    {
        await cluster.Gateway.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(2), stop);
        await cluster.RestartGatewayAsync(stop);
    }
}
