namespace Enerlectra.Sandbox.Mtn;

/// <summary>Route templates of the MTN MoMo Collection and Disbursement APIs and of the sandbox's control API.</summary>
internal static class MtnSandboxPaths
{
    public const string Token = "/collection/token/";
    public const string RequestToPay = "/collection/v1_0/requesttopay";
    public const string DisbursementToken = "/disbursement/token/";
    public const string Transfer = "/disbursement/v1_0/transfer";

    public const string ControlRoot = "/sandbox/mtn";
    public const string ControlTransaction = "/requesttopay/{referenceId}";
    public const string ControlApprove = "/requesttopay/{referenceId}/approve";
    public const string ControlReject = "/requesttopay/{referenceId}/reject";
    public const string ControlLedger = "/ledger";
    public const string ControlStats = "/stats";
    public const string ControlRevokeTokens = "/tokens/revoke";
}
