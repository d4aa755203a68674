namespace Enerlectra.Sandbox.Mtn;

/// <summary>A stored request-to-pay as the control API shows it.</summary>
/// <param name="ReferenceId">The X-Reference-Id it was submitted with.</param>
/// <param name="PayerMsisdn">The payer's number.</param>
/// <param name="Amount">The amount as on the wire ("12.34").</param>
/// <param name="AmountNgwee">The amount in ngwee.</param>
/// <param name="Currency">The currency.</param>
/// <param name="ExternalId">The caller's external id.</param>
/// <param name="PayerMessage">The payer message.</param>
/// <param name="PayeeNote">The payee note.</param>
/// <param name="Status">PENDING, SUCCESSFUL or FAILED.</param>
/// <param name="Reason">The failure reason, if failed.</param>
/// <param name="FinancialTransactionId">The transaction id, once charged.</param>
/// <param name="Submissions">Accepted submissions of this reference, including duplicates answered 409.</param>
/// <param name="ChargeCount">How many times the payer was charged for it (must never exceed 1).</param>
/// <param name="CallbackUrl">The X-Callback-Url given, if any.</param>
/// <param name="CallbacksPlanned">Callbacks the scenario sends once the outcome is final.</param>
/// <param name="CallbacksDelivered">Callbacks answered with a 2xx by the receiver.</param>
/// <param name="PhoneVerification">One of Enerlectra's phone verifications (see <see cref="SandboxPhoneVerification"/>).</param>
public sealed record MtnSandboxTransactionView(
    Guid ReferenceId,
    string PayerMsisdn,
    string Amount,
    long AmountNgwee,
    string Currency,
    string ExternalId,
    string PayerMessage,
    string PayeeNote,
    string Status,
    string? Reason,
    string? FinancialTransactionId,
    int Submissions,
    int ChargeCount,
    Uri? CallbackUrl,
    int CallbacksPlanned,
    int CallbacksDelivered,
    bool PhoneVerification);

/// <summary>Everything the sandbox knows about one reference, including arrivals that left no record.</summary>
/// <param name="ReferenceId">The reference.</param>
/// <param name="RequestAttempts">Valid request-to-pay arrivals (including ones answered 503, lost, or 409).</param>
/// <param name="Transaction">The stored transaction, or null when none exists.</param>
public sealed record MtnSandboxReferenceView(Guid ReferenceId, int RequestAttempts, MtnSandboxTransactionView? Transaction);

/// <summary>What was collected from one payer.</summary>
/// <param name="PayerMsisdn">The payer.</param>
/// <param name="CollectedNgwee">Total charged, in ngwee.</param>
/// <param name="SuccessfulCharges">Number of charges.</param>
/// <param name="VerificationCollectedNgwee">The part of <paramref name="CollectedNgwee"/> charged for phone verifications.</param>
/// <param name="VerificationCharges">The part of <paramref name="SuccessfulCharges"/> that were phone verifications.</param>
public sealed record MtnSandboxPayerLedger(string PayerMsisdn, long CollectedNgwee, int SuccessfulCharges, long VerificationCollectedNgwee = 0, int VerificationCharges = 0);

/// <summary>What the sandbox has collected overall.</summary>
/// <param name="TotalCollectedNgwee">Total charged across payers, in ngwee.</param>
/// <param name="SuccessfulCharges">Number of charges across payers.</param>
/// <param name="Payers">Per-payer totals, ordered by MSISDN.</param>
/// <param name="VerificationCollectedNgwee">The part of <paramref name="TotalCollectedNgwee"/> charged for phone verifications.</param>
/// <param name="VerificationCharges">The part of <paramref name="SuccessfulCharges"/> that were phone verifications.</param>
public sealed record MtnSandboxLedgerView(
    long TotalCollectedNgwee, int SuccessfulCharges, IReadOnlyList<MtnSandboxPayerLedger> Payers, long VerificationCollectedNgwee, int VerificationCharges);

/// <summary>Call counters.</summary>
/// <param name="TokensIssued">Access tokens issued.</param>
/// <param name="RequestToPayCalls">Request-to-pay calls received (any outcome).</param>
/// <param name="StatusQueries">Status queries received (any outcome).</param>
public sealed record MtnSandboxStats(long TokensIssued, long RequestToPayCalls, long StatusQueries);
