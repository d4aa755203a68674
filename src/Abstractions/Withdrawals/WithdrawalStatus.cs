namespace Enerlectra.Abstractions.Withdrawals;

public enum WithdrawalStatus
{
    /// <summary>Held in the market and on its way to the phone (or being reconciled); not yet definite.</summary>
    Pending = 0,

    /// <summary>The provider paid it to the verified phone.</summary>
    Paid = 1,

    /// <summary>Definitely not paid: the money is back in the balance (or was never taken from it), and the reason is shown.</summary>
    Failed = 2,
}
