namespace Enerlectra.Sandbox;

/// <summary>A request-to-pay that passed protocol validation.</summary>
internal sealed record MtnSandboxSubmission(
    Guid ReferenceId,
    string PayerMsisdn,
    long AmountNgwee,
    string Currency,
    string ExternalId,
    string PayerMessage,
    string PayeeNote,
    Uri? CallbackUrl);

/// <summary>How the store answered a submission.</summary>
internal enum MtnSandboxSubmitResult
{
    Accepted,
    Duplicate,
    Lost,
    Unavailable,
}
