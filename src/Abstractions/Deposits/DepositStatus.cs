namespace Enerlectra.Abstractions.Deposits;

public enum DepositStatus
{
    /// <summary>The collection is on its way to the phone or waiting for the owner's PIN (or, from a linked wallet, being sent); or its outcome is being reconciled.</summary>
    AwaitingApproval = 0,

    /// <summary>The provider collected the money; it is being credited to the market balance (at once, unless the market is restarting).</summary>
    Crediting = 1,

    /// <summary>Collected and credited to the user's balance in the market, once.</summary>
    Completed = 2,

    /// <summary>Definitely not collected (declined, expired, not enough funds, refused): nothing was credited.</summary>
    Failed = 3,

    /// <summary>
    /// Credited, then undone: the payment network dropped the linked wallet's collection (a reorganisation) and it could
    /// not be collected again, so the credit was taken back (what had been spent is owed).
    /// </summary>
    Reversed = 4,
}
