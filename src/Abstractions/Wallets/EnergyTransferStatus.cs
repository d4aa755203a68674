namespace Enerlectra.Abstractions.Wallets;

public enum EnergyTransferStatus
{
    /// <summary>Taken out of the wallet's available energy; the market is crediting it (a crash here is finished later).</summary>
    Pending = 0,

    /// <summary>Credited to the user's trading account in the market, once.</summary>
    Completed = 1,
}
