namespace Enerlectra.Sandbox.Mtn;

/// <summary>A request-to-pay or transfer that passed protocol validation (for a transfer, PayerMsisdn is the payee).</summary>
internal sealed record MtnSandboxSubmission(
    Guid ReferenceId,
    string PayerMsisdn,
    long AmountNgwee,
    string Currency,
    string ExternalId,
    string PayerMessage,
    string PayeeNote,
    Uri? CallbackUrl);
