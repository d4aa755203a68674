using Enerlectra.Soak.Topology;

namespace Enerlectra.Soak.Faults;

/// <summary>
/// The faults, spread over the run: a silo killed (SIGKILL) and restarted, the database server restarted, the mobile
/// money providers unreachable for a while, the gateway killed and restarted while streams are open, and the other
/// silo killed. Each waits for its moment, happens, and is recorded with when its cause was removed.
/// </summary>
public sealed class FaultSchedule(SoakCluster cluster, SoakOptions options, TextWriter progress)
{
    private readonly List<FaultRecord> _faults = [];

    public IReadOnlyList<FaultRecord> Faults => _faults;

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
            var due = start + options.Duration * at;
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
    }

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
