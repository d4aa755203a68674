using Enerlectra.Sandbox.Mtn;

namespace Enerlectra.Sandbox;

/// <summary>
/// The failure reasons the sandbox records. MTN and Zamtel put them on the wire as they are; Airtel shows them as
/// the transaction message (and EXPIRED as status TE).
/// </summary>
public static class SandboxReasons
{
    /// <summary>The payer declined.</summary>
    public const string ApprovalRejected = MtnSandboxStatus.ApprovalRejected;

    /// <summary>The prompt expired.</summary>
    public const string Expired = MtnSandboxStatus.Expired;

    /// <summary>The wallet balance was too low.</summary>
    public const string NotEnoughFunds = MtnSandboxStatus.NotEnoughFunds;

    /// <summary>No wallet with that number.</summary>
    public const string PayerNotFound = "PAYER_NOT_FOUND";

    /// <summary>The payer did not enter the PIN in time.</summary>
    public const string PinTimeout = "PIN_TIMEOUT";
}
