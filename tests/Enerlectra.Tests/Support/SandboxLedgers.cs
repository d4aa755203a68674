using Enerlectra.Sandbox;
using Enerlectra.Sandbox.Mtn;

namespace Enerlectra.Tests.Support;

/// <summary>
/// A payer's row of the sandbox's MTN ledger split by why the money was collected: trade payments, and the
/// verification collections that linked the number. Tests state both, so neither can hide in the other.
/// </summary>
public static class SandboxLedgers
{
    /// <summary>Trade payments: (ngwee, charges).</summary>
    public static (long Ngwee, int Charges) Payments(this MtnSandboxPayerLedger row) =>
        (row.CollectedNgwee - row.VerificationCollectedNgwee, row.SuccessfulCharges - row.VerificationCharges);

    /// <summary>Phone verifications: (ngwee, charges).</summary>
    public static (long Ngwee, int Charges) Verifications(this MtnSandboxPayerLedger row) =>
        (row.VerificationCollectedNgwee, row.VerificationCharges);

    /// <summary>The row of one payer (digits, no '+'), or an empty one when nothing was collected from it.</summary>
    public static MtnSandboxPayerLedger For(this MtnSandboxLedgerView ledger, string msisdn) =>
        ledger.Payers.SingleOrDefault(p => p.PayerMsisdn == msisdn) ?? new MtnSandboxPayerLedger(msisdn, 0, 0, 0, 0);
}
