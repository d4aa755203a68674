namespace Enerlectra.Abstractions.Deposits;

/// <summary>Where a deposit's money comes from.</summary>
public enum DepositMethod
{
    /// <summary>Collected by mobile money from the user's verified phone.</summary>
    MobileMoney = 0,

    /// <summary>Collected from the payment tokens of the user's linked wallet, under the deposit id (once).</summary>
    Wallet = 1,
}
