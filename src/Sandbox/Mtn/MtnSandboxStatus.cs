namespace Enerlectra.Sandbox.Mtn;

/// <summary>Status strings of the MTN API and the failure reasons the sandbox produces.</summary>
public static class MtnSandboxStatus
{
    /// <summary>Waiting for the payer.</summary>
    public const string Pending = "PENDING";

    /// <summary>The payer was charged.</summary>
    public const string Successful = "SUCCESSFUL";

    /// <summary>Ended without a charge.</summary>
    public const string Failed = "FAILED";

    /// <summary>Reason: the payer declined.</summary>
    public const string ApprovalRejected = "APPROVAL_REJECTED";

    /// <summary>Reason: the prompt expired.</summary>
    public const string Expired = "EXPIRED";

    /// <summary>Reason: the wallet balance was too low.</summary>
    public const string NotEnoughFunds = "NOT_ENOUGH_FUNDS";
}
