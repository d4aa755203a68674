using System.Collections.Concurrent;

namespace Enerlectra.Soak.Load;

/// <summary>How one request ended, from the client's side.</summary>
public enum RequestOutcome
{
    /// <summary>Answered with a result (possibly after retries with the same idempotency key).</summary>
    Acknowledged,

    /// <summary>Answered with a definite refusal (bad state, sold out...): nothing was done.</summary>
    Refused,

    /// <summary>Never answered within the retry budget: its fate is settled by the audit, not by the client.</summary>
    Unanswered,
}

/// <summary>One request as the load saw it: kind, when, how long until its final answer, how it ended (and why, if refused).</summary>
public sealed record RequestRecord(string Kind, DateTimeOffset StartedAt, TimeSpan Latency, RequestOutcome Outcome, int Attempts, string? Refusal = null, string? Note = null);

/// <summary>Every request of the run, for the report's counts and latencies.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RequestRecord> _records = new();

    public void Add(RequestRecord record) => _records.Enqueue(record);

    public IReadOnlyList<RequestRecord> All => _records.ToArray();

    /// <summary>Every request, one per line (tab-separated), for looking into a failed run.</summary>
    public void Save(string path) =>
        File.WriteAllLines(path, All.OrderBy(r => r.StartedAt).Select(r =>
            $"{r.StartedAt:HH:mm:ss.fff}\t{r.Kind}\t{r.Latency.TotalMilliseconds:0}\t{r.Outcome}\t{r.Attempts}\t{r.Note}\t{r.Refusal}"));
}
