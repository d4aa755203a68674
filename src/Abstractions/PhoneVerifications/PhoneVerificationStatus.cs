namespace Enerlectra.Abstractions.PhoneVerifications;

public enum PhoneVerificationStatus
{
    /// <summary>The collection is on its way to the phone, or waiting for the owner's PIN; or its outcome is being reconciled.</summary>
    AwaitingApproval = 0,

    /// <summary>The provider collected the amount: the number is the wallet's verified phone (unless it was cancelled meanwhile).</summary>
    Verified = 1,

    /// <summary>Definitely not collected (declined, expired, refused): nothing was linked.</summary>
    Failed = 2,

    /// <summary>The user withdrew it. If the owner approves the prompt anyway, the amount is still credited, but nothing is linked.</summary>
    Cancelled = 3,
}
