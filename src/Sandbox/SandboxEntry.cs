using Enerlectra.Sandbox.Mtn;

namespace Enerlectra.Sandbox;

/// <summary>One stored collection or payout. Mutable, and only ever touched under its book's lock.</summary>
internal sealed class SandboxEntry
{
    public required Guid ReferenceId { get; init; }
    public required string Msisdn { get; init; }
    public required long AmountNgwee { get; init; }

    /// <summary>The provider-specific request (e.g. <see cref="MtnSandboxSubmission"/>), for rendering its own views.</summary>
    public required object Details { get; init; }

    public required Uri? CallbackUrl { get; init; }
    public required SandboxScenario Scenario { get; init; }

    /// <summary>One of Enerlectra's phone verifications (see <see cref="SandboxPhoneVerification"/>).</summary>
    public required bool PhoneVerification { get; init; }
    public string Status { get; set; } = MtnSandboxStatus.Pending;
    public string? Reason { get; set; }
    public string? ProviderTransactionId { get; set; }
    public int Submissions { get; set; } = 1;
    public int Completions { get; set; }
    public int CallbacksPlanned { get; set; }
    public int CallbacksDelivered { get; set; }

    /// <summary>Every callback sent, as sent, with the receiver's answer.</summary>
    public List<SandboxCallbackRecord> Callbacks { get; } = [];

    public SandboxEntrySnapshot Snapshot() => new(
        ReferenceId, Msisdn, AmountNgwee, Details, CallbackUrl, Scenario, Status, Reason, ProviderTransactionId,
        Submissions, Completions, CallbacksPlanned, CallbacksDelivered, PhoneVerification);
}

/// <summary>An immutable copy of a <see cref="SandboxEntry"/>, safe to use outside the lock.</summary>
internal sealed record SandboxEntrySnapshot(
    Guid ReferenceId,
    string Msisdn,
    long AmountNgwee,
    object Details,
    Uri? CallbackUrl,
    SandboxScenario Scenario,
    string Status,
    string? Reason,
    string? ProviderTransactionId,
    int Submissions,
    int Completions,
    int CallbacksPlanned,
    int CallbacksDelivered,
    bool PhoneVerification);

/// <summary>How a book answered a create call.</summary>
internal enum SandboxSubmitResult
{
    Accepted,

    /// <summary>Accepted and recorded, but the response must be held back (scenario 0011).</summary>
    AcceptedSlowly,
    Duplicate,
    Lost,
    Unavailable,
}

/// <summary>Which callback to render: the final outcome, a stale PENDING after it, or the final one badly signed.</summary>
internal enum SandboxCallbackKind
{
    Final,
    StalePending,
    BadSignature,
}

/// <summary>A rendered callback: how and what to send.</summary>
internal sealed record SandboxCallbackMessage(HttpMethod Method, string Body);

/// <summary>A callback the sandbox sent: exactly what was sent (a test can send it again) and how it was answered.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Body">The body, byte for byte as sent (for Airtel: signed).</param>
/// <param name="Status">The receiver's HTTP status, or null when it could not be delivered at all.</param>
public sealed record SandboxCallbackRecord(string Method, string Body, int? Status);
