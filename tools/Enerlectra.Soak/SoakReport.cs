using System.Globalization;
using System.Text;
using Enerlectra.Soak.Audit;
using Enerlectra.Soak.Faults;
using Enerlectra.Soak.Load;

namespace Enerlectra.Soak;

/// <summary>The soak's figures: requests by kind, the faults and how the cluster came through them, and the audit.</summary>
public sealed record SoakReport(
    SoakOptions Options,
    DateTimeOffset Start,
    DateTimeOffset LoadEnd,
    IReadOnlyList<RequestRecord> Requests,
    IReadOnlyList<FaultRecord> Faults,
    WriteProbe Probe,
    StreamWatcher Stream,
    AuditResult Audit,
    int UnansweredTrades,
    BotAuditResult Bots)
{
    /// <summary>A request counts as "during a fault" from its injection until 15 s after its cause was removed.</summary>
    private static readonly TimeSpan FaultTail = TimeSpan.FromSeconds(15);

    public bool Passed =>
        Audit.Lost == 0 && Audit.Doubled == 0 && Audit.Stuck == 0 && Audit.Problems.Count == 0
        && Stream.Duplicates == 0 && Stream.Missed == 0 && Stream.Phantom == 0 && Stream.OutOfOrder == 0 && Stream.Compared > 0
        && Bots.Lost == 0 && Bots.Doubled == 0 && Bots.Trades > 0
        && Faults.All(f => f.Error is null) && Audit.Mobile.Completed > 0 && (Options.Chain is null || Audit.Wallet.Completed > 0);

    public override string ToString()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Soak: {(LoadEnd - Start).TotalSeconds:0} s of load, {Options.Sellers} sellers, {Options.Buyers} buyers{(Options.Chain is null ? "" : $" and {Options.WalletBuyers} paying from wallets on the chain")}, seed {Options.Seed}, faults {(Options.Faults ? "on" : "off")}");
        text.AppendLine();
        text.AppendLine("| requests | sent | acknowledged | refused | unanswered | p50 calm | p99 calm | p50 in faults | p99 in faults |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var kind in Requests.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var calm = kind.Where(r => !DuringFault(r)).Select(r => r.Latency).ToList();
            var faulty = kind.Where(DuringFault).Select(r => r.Latency).ToList();
            text.AppendLine(inv, $"| {kind.Key} | {kind.Count()} | {kind.Count(r => r.Outcome == RequestOutcome.Acknowledged)} | {kind.Count(r => r.Outcome == RequestOutcome.Refused)} | {kind.Count(r => r.Outcome == RequestOutcome.Unanswered)} | {Ms(calm, 0.5)} | {Ms(calm, 0.99)} | {Ms(faulty, 0.5)} | {Ms(faulty, 0.99)} |");
        }

        text.AppendLine();
        text.AppendLine("| fault | at | cause removed after | writes failing | writes back after cause removed | first purchase accepted after |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (var i = 0; i < Faults.Count; i++)
        {
            var f = Faults[i];
            var until = i + 1 < Faults.Count ? Faults[i + 1].InjectedAt : LoadEnd;
            var recovery = Probe.RecoveryAfter(f.InjectedAt, f.HealedAt);
            text.AppendLine(inv, $"| {f.Name}{(f.Error is null ? "" : " (failed: " + f.Error + ")")} | {(f.InjectedAt - Start).TotalSeconds:0} s | {(f.HealedAt - f.InjectedAt).TotalSeconds:0.0} s | {Probe.OutageBetween(f.InjectedAt, until).TotalSeconds:0.0} s | {(recovery is { } r ? r.TotalSeconds.ToString("0.0", inv) + " s" : "never")} | {FirstCompletionAfter(f.HealedAt)} |");
        }

        text.AppendLine();
        text.AppendLine("| trades | acknowledged | completed | failed cleanly | lost | doubled | stuck | unanswered |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        text.AppendLine(inv, $"| by mobile money | {Tally(Audit.Mobile)} | {UnansweredTrades} |");
        if (Options.Chain is not null)
        {
            text.AppendLine(inv, $"| from wallets on the chain | {Tally(Audit.Wallet)} | - |");
        }

        text.AppendLine(inv, $"| bot orders on the book (unary and stream) | {Bots.Acknowledged} | {Bots.Trades} orders filled ({Bots.FilledWh} Wh) | - | {Bots.Lost} | {Bots.Doubled} | - | {Bots.Unanswered} |");
        text.AppendLine();
        if (Options.Chain is not null)
        {
            text.AppendLine(inv, $"Chain: wallets paid {Audit.PaidOnChainNgwee} ngwee on the chain; {Audit.FellBack} wallet buyers' trades fell back to mobile money after a definite chain failure; {Audit.MirrorChecked - Audit.MirrorMissing} of {Audit.MirrorChecked} completed mobile money trades recorded on the chain.");
        }

        text.AppendLine(inv, $"Money: providers collected {Audit.CollectedNgwee} ngwee for trades and paid out {Audit.PaidOutNgwee} ngwee to sellers; ledger check {(Audit.LedgerBalanced ? "balanced" : "NOT balanced")}; unresolved payments at the end: {Audit.Unresolved}.");
        text.AppendLine(inv, $"Market event stream: {Stream.Events} events up to sequence {Stream.LastSequence}, {Stream.Reconnects} reconnections; against the market's log ({Stream.Compared} events): {Stream.Missed} missed, {Stream.Phantom} not in the log, {Stream.Duplicates} duplicates, {Stream.OutOfOrder} out of order.");
        foreach (var kind in Requests.Where(r => r.Refusal is not null).GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var reasons = kind.GroupBy(r => r.Refusal!).OrderByDescending(g => g.Count()).Take(10).Select(g => $"{g.Count()}x {g.Key}");
            text.AppendLine(inv, $"Refused {kind.Key}: {string.Join("; ", reasons)}");
        }
        foreach (var problem in Audit.Problems.Take(30))
        {
            text.AppendLine("PROBLEM: " + problem);
        }

        text.AppendLine(Passed ? "SOAK PASSED" : "SOAK FAILED");
        return text.ToString();
    }

    private static string Tally(TradeTally t) => $"{t.Acknowledged} | {t.Completed} | {t.FailedCleanly} | {t.Lost} | {t.Doubled} | {t.Stuck}";

    private bool DuringFault(RequestRecord r) => Faults.Any(f => r.StartedAt >= f.InjectedAt && r.StartedAt <= f.HealedAt + FaultTail);

    private string FirstCompletionAfter(DateTimeOffset at)
    {
        // When households could buy again: the first purchase started after the cause was removed and acknowledged.
        var first = Requests.Where(r => r.Kind == "trade" && r.Outcome == RequestOutcome.Acknowledged && r.StartedAt >= at).Select(r => r.StartedAt + r.Latency).DefaultIfEmpty().Min();
        return first == default ? "-" : $"{(first - at).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
    }

    private static string Ms(List<TimeSpan> values, double quantile)
    {
        if (values.Count == 0)
        {
            return "-";
        }

        values.Sort();
        var index = Math.Clamp((int)Math.Ceiling(quantile * values.Count) - 1, 0, values.Count - 1);
        return values[index].TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
    }
}
