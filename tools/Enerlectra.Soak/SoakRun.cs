using Enerlectra.Soak.Audit;
using Enerlectra.Soak.Faults;
using Enerlectra.Soak.Load;
using Enerlectra.Soak.Topology;

namespace Enerlectra.Soak;

/// <summary>Starts the cluster, sets up the households, runs the load with the faults, settles, audits, reports.</summary>
public static class SoakRun
{
    public static async Task<SoakReport> RunAsync(SoakOptions options, TextWriter progress, CancellationToken cancellationToken = default)
    {
        await using var cluster = new SoakCluster(options);
        progress.WriteLine($"[soak] starting two silos, a client-mode gateway and the sandbox{(options.Chain is null ? "" : ", on the dev chain at " + options.Chain)} (logs in {options.LogDirectory})");
        await cluster.StartAsync(cancellationToken);

        var log = new RequestLog();
        // Long enough to ride out every fault in the schedule (a silo's death is noticed within about 30 s).
        using var api = new SoakApi(cluster.GatewayGrpc, log, TimeSpan.FromSeconds(90));
        var load = new MarketLoad(api, options, cluster.SandboxAddress, cluster.Chain);
        await load.SetUpAsync(cancellationToken);
        var bots = new BotLoad(api, log, options, load.HouseholdAsync);
        await bots.SetUpAsync(load.OperatorToken, cancellationToken);
        var probe = new WriteProbe(api, load.OperatorToken);
        await probe.SetUpAsync(cancellationToken);
        var stream = new StreamWatcher(api, load.Sellers[0].Token);
        var faults = new FaultSchedule(cluster, options, progress);

        progress.WriteLine($"[soak] load for {options.Duration.TotalSeconds:0} s");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopStream = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var start = DateTimeOffset.UtcNow;
        var running = new List<Task> { load.RunAsync(stop.Token), bots.RunAsync(stop.Token), probe.RunAsync(stop.Token) };
        var watching = stream.RunAsync(stopStream.Token);
        if (options.Faults)
        {
            running.Add(faults.RunAsync(start, stop.Token, cancellationToken));
        }

        await Task.Delay(options.Duration, cancellationToken);
        // Every fault is injected and followed by a calm moment under load, however long the faults took.
        while (options.Faults && (faults.Remaining > 0 || DateTimeOffset.UtcNow < faults.CalmAfterLastFault))
        {
            await Task.Delay(500, cancellationToken);
        }

        await stop.CancelAsync();
        await Task.WhenAll(running);
        var loadEnd = DateTimeOffset.UtcNow;
        log.Save(Path.Combine(options.LogDirectory, "requests.tsv"));

        progress.WriteLine("[soak] load stopped; settling and auditing");
        var audit = await new SoakAudit(api, load, cluster.SandboxAddress, cluster.Chain, options, progress).RunAsync(cancellationToken);
        var botAudit = await new BotAudit(api, bots, cluster.SandboxAddress).RunAsync(audit.Problems, audit.HouseholdsSoldOnBookWh, cancellationToken);
        // The stream keeps running through the settling, so it sees the last events too.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        await stopStream.CancelAsync();
        await watching;
        await stream.CompareWithLogAsync(cancellationToken);
        return new SoakReport(options, start, loadEnd, log.All, faults.Faults, probe, stream, audit, load.UnansweredTrades, botAudit);
    }
}
