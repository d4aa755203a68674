namespace Enerlectra.Abstractions.Payouts;

/// <summary>Whose money a payout carries, and so whom it reports its outcome to.</summary>
public enum PayoutPurpose
{
    /// <summary>A seller's sale earnings, held by their wallet (IWalletGrain).</summary>
    Earnings = 0,

    /// <summary>A withdrawal from a market balance, held by the market and owned by a withdrawal grain (IWithdrawalGrain).</summary>
    Withdrawal = 1,
}
