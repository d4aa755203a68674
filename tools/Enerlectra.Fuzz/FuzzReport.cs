using System.Text;

namespace Enerlectra.Fuzz;

/// <summary>A finding: which case (reproducible by seed and index), what was wrong, and what the server said.</summary>
public sealed record Finding(int Index, string Kind, string Problem, string Request, string Detail);

/// <summary>The run's figures and findings. It passes when nothing was found and the state is as it was.</summary>
public sealed class FuzzReport
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _byTransport = [];
    private readonly Dictionary<string, int> _byOutcome = [];
    private readonly List<Finding> _findings = [];

    public required int Seed { get; init; }

    public int Sent { get; private set; }

    /// <summary>Requests the server closed without an answer (e.g. a gRPC frame it reset): not a crash, counted apart.</summary>
    public int Resets { get; private set; }

    public int TimedOut { get; private set; }

    public bool Alive { get; set; }

    public IReadOnlyList<string> StateDifferences { get; set; } = [];

    public TimeSpan Elapsed { get; set; }

    public IReadOnlyList<Finding> Findings
    {
        get
        {
            lock (_gate)
            {
                return _findings.ToList();
            }
        }
    }

    public bool Passed => Findings.Count == 0 && StateDifferences.Count == 0 && Alive && Sent > 0;

    public void Record(FuzzCase fuzzCase, string outcome, Finding? finding, bool reset = false, bool timedOut = false)
    {
        lock (_gate)
        {
            Sent++;
            Resets += reset ? 1 : 0;
            TimedOut += timedOut ? 1 : 0;
            var transport = fuzzCase.Transport.ToString().ToLowerInvariant();
            _byTransport[transport] = _byTransport.GetValueOrDefault(transport) + 1;
            _byOutcome[outcome] = _byOutcome.GetValueOrDefault(outcome) + 1;
            if (finding is not null)
            {
                _findings.Add(finding);
            }
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"Fuzzer, seed {Seed}: {Sent} requests in {Elapsed.TotalSeconds:0.0} s ({Sent / Math.Max(Elapsed.TotalSeconds, 0.001):0} per second)");
        text.AppendLine("| transport | requests |").AppendLine("| --- | ---: |");
        foreach (var (transport, count) in _byTransport.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.AppendLine($"| {transport} | {count} |");
        }

        text.AppendLine("| answer | count |").AppendLine("| --- | ---: |");
        foreach (var (outcome, count) in _byOutcome.OrderByDescending(p => p.Value))
        {
            text.AppendLine($"| {outcome} | {count} |");
        }

        text.AppendLine($"closed without an answer: {Resets}; no answer within the time limit (streams and slow calls): {TimedOut}");
        text.AppendLine($"server still answering afterwards: {(Alive ? "yes" : "NO")}");
        text.AppendLine($"state (wallets, offers, trade, orders, book, ledger) unchanged: {(StateDifferences.Count == 0 ? "yes" : "NO")}");
        foreach (var difference in StateDifferences)
        {
            text.AppendLine("  " + difference);
        }

        var findings = Findings;
        text.AppendLine($"findings: {findings.Count}");
        // Server errors first: they are the worst, and rarer than unworded refusals, which would otherwise hide them.
        foreach (var group in findings.GroupBy(f => (f.Problem, f.Kind)).OrderByDescending(g => g.Key.Problem == "server error").ThenByDescending(g => g.Count()).Take(40))
        {
            var first = group.First();
            text.AppendLine($"  {group.Count()} x {first.Problem}: {first.Kind} (first: #{first.Index} {first.Request}) -> {first.Detail}");
        }

        text.AppendLine(Passed ? "PASSED" : "FAILED");
        return text.ToString();
    }
}
