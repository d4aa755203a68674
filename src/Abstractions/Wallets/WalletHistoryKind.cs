namespace Enerlectra.Abstractions.Wallets;

/// <summary>What a wallet history entry records.</summary>
public enum WalletHistoryKind
{
    Purchase = 0,
    Sale = 1,
    Payout = 2,
    PayoutFailed = 3,
    Deposit = 4,

    /// <summary>The phone's verification amount, credited to the balance once the number was verified.</summary>
    PhoneVerified = 5,
}
