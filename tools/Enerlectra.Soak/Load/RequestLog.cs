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
public sealed record RequestRecord(string Kind, DateTimeOffset StartedAt, TimeSpan Latency, RequestOutcome Outcome, int Attempts, string? Refusal = null);

/// <summary>Every request of the run, for the report's counts and latencies.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RequestRecord> _records = new();

    public void Add(RequestRecord record) => _records.Enqueue(record);

    public IReadOnlyList<RequestRecord> All => _records.ToArray();
}
