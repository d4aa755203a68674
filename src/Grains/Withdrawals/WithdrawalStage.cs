namespace Enerlectra.Grains.Withdrawals;

/// <summary>Where a withdrawal is in its saga; each stage is saved before the step that leaves it is taken.</summary>
public enum WithdrawalStage
{
    /// <summary>Recorded; the market is (perhaps still) being asked to hold the money.</summary>
    Holding = 0,

    /// <summary>The market holds the money; the payout grain is paying it to the phone and will report back.</summary>
    Paying = 1,

    /// <summary>The payout's outcome is known; the market is being told (paid: the money leaves; failed: it is available again).</summary>
    Settling = 2,

    /// <summary>Settled in the market (or refused before anything was held): nothing more to do.</summary>
    Done = 3,
}
