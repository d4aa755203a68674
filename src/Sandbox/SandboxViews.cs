namespace Enerlectra.Sandbox;

/// <summary>A stored collection or payout as the generic control API shows it.</summary>
/// <param name="Provider">"mtn", "airtel" or "zamtel".</param>
/// <param name="Kind">"collections" or "payouts".</param>
/// <param name="ReferenceId">Our reference (the provider's transaction id).</param>
/// <param name="Msisdn">The payer (collections) or payee (payouts), digits with 260.</param>
/// <param name="AmountNgwee">The amount in ngwee.</param>
/// <param name="Status">PENDING, SUCCESSFUL or FAILED.</param>
/// <param name="Reason">The failure reason (see <see cref="SandboxReasons"/>), if failed.</param>
/// <param name="ProviderTransactionId">The provider's transaction id, once money moved.</param>
/// <param name="Submissions">Accepted submissions of this reference, including duplicates.</param>
/// <param name="Completions">How many times money moved for it (charged or paid out): must never exceed 1.</param>
/// <param name="CallbackUrl">Where callbacks go, if anywhere.</param>
/// <param name="CallbacksPlanned">Callbacks the scenario sends once the outcome is final.</param>
/// <param name="CallbacksDelivered">Callbacks answered with a 2xx by the receiver.</param>
/// <param name="PhoneVerification">One of Enerlectra's phone verifications (see <see cref="SandboxPhoneVerification"/>).</param>
public sealed record SandboxTransactionView(
    string Provider,
    string Kind,
    Guid ReferenceId,
    string Msisdn,
    long AmountNgwee,
    string Status,
    string? Reason,
    string? ProviderTransactionId,
    int Submissions,
    int Completions,
    Uri? CallbackUrl,
    int CallbacksPlanned,
    int CallbacksDelivered,
    bool PhoneVerification);

/// <summary>Everything the sandbox knows about one reference of one product, including arrivals that left no record.</summary>
/// <param name="ReferenceId">The reference.</param>
/// <param name="RequestAttempts">Valid create arrivals (including ones answered 503, lost, slow or duplicate).</param>
/// <param name="Transaction">The stored transaction, or null when none exists.</param>
/// <param name="StatusQueries">Status queries received for this reference (known or not, any outcome).</param>
public sealed record SandboxReferenceView(Guid ReferenceId, int RequestAttempts, SandboxTransactionView? Transaction, int StatusQueries = 0);

/// <summary>Money moved for one number.</summary>
/// <param name="Msisdn">The payer or payee.</param>
/// <param name="TotalNgwee">Total charged or paid, in ngwee.</param>
/// <param name="Count">Number of charges or payouts.</param>
/// <param name="VerificationNgwee">The part of <paramref name="TotalNgwee"/> charged for phone verifications.</param>
/// <param name="VerificationCount">The part of <paramref name="Count"/> that were phone verifications.</param>
public sealed record SandboxPartyLedger(string Msisdn, long TotalNgwee, int Count, long VerificationNgwee = 0, int VerificationCount = 0);

/// <summary>Money moved by one product overall.</summary>
/// <param name="TotalNgwee">Total across numbers, in ngwee.</param>
/// <param name="Count">Number of charges or payouts.</param>
/// <param name="Parties">Per-number totals, ordered by MSISDN.</param>
/// <param name="VerificationNgwee">The part of <paramref name="TotalNgwee"/> charged for phone verifications.</param>
/// <param name="VerificationCount">The part of <paramref name="Count"/> that were phone verifications.</param>
public sealed record SandboxLedgerView(
    long TotalNgwee, int Count, IReadOnlyList<SandboxPartyLedger> Parties, long VerificationNgwee, int VerificationCount);

/// <summary>Call counters of one product.</summary>
/// <param name="TokensIssued">Access tokens issued by the provider's token endpoint (0 for Zamtel, which has none).</param>
/// <param name="SubmitCalls">Create calls received (any outcome).</param>
/// <param name="StatusQueries">Status queries received (any outcome).</param>
public sealed record SandboxStats(long TokensIssued, long SubmitCalls, long StatusQueries);
