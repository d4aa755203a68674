namespace Enerlectra.Sandbox.Mtn;

/// <summary>
/// The original MTN-only view of the number table (0001–0008), kept for existing callers. The sandbox itself now
/// uses <see cref="SandboxScenario"/>, which extends it (0009–0013) for every provider.
/// <list type="table">
/// <listheader><term>Last 4 digits</term><description>Behaviour</description></listheader>
/// <item><term>anything else</term><description>SUCCESSFUL after ApproveDelay, one callback.</description></item>
/// <item><term>0001</term><description>FAILED, reason APPROVAL_REJECTED (after ApproveDelay).</description></item>
/// <item><term>0002</term><description>FAILED, reason EXPIRED (after ApproveDelay).</description></item>
/// <item><term>0003</term><description>First arrival of a reference is "lost": 202 but no record (status 404); a resubmission with the same reference is then handled as the default.</description></item>
/// <item><term>0004</term><description>Stays PENDING until approved or rejected through the control API.</description></item>
/// <item><term>0005</term><description>503 for the first two arrivals of a reference, then the default.</description></item>
/// <item><term>0006</term><description>SUCCESSFUL, callback delivered twice.</description></item>
/// <item><term>0007</term><description>SUCCESSFUL, no callback at all.</description></item>
/// <item><term>0008</term><description>FAILED, reason NOT_ENOUGH_FUNDS (after ApproveDelay).</description></item>
/// </list>
/// </summary>
public enum MtnPayerScenario
{
    /// <summary>Approved after ApproveDelay, one callback.</summary>
    Approve = (int)SandboxScenario.Approve,

    /// <summary>0001: the payer declines (APPROVAL_REJECTED).</summary>
    Reject = (int)SandboxScenario.Reject,

    /// <summary>0002: the prompt expires (EXPIRED).</summary>
    Expire = (int)SandboxScenario.Expire,

    /// <summary>0003: the first arrival is lost.</summary>
    LoseFirstArrival = (int)SandboxScenario.LoseFirstArrival,

    /// <summary>0004: pending until the control API decides.</summary>
    StayPending = (int)SandboxScenario.StayPending,

    /// <summary>0005: 503 for the first two arrivals.</summary>
    UnavailableTwice = (int)SandboxScenario.UnavailableTwice,

    /// <summary>0006: approved, callback sent twice.</summary>
    DuplicateCallback = (int)SandboxScenario.DuplicateCallback,

    /// <summary>0007: approved, callback never sent.</summary>
    NoCallback = (int)SandboxScenario.NoCallback,

    /// <summary>0008: not enough funds (NOT_ENOUGH_FUNDS).</summary>
    NotEnoughFunds = (int)SandboxScenario.NotEnoughFunds,
}

/// <summary>Maps payer numbers to <see cref="MtnPayerScenario"/>.</summary>
public static class MtnPayerScenarios
{
    /// <summary>The scenario for a payer MSISDN, by its last four digits.</summary>
    /// <param name="payerMsisdn">Digits with country code, e.g. "260960000001".</param>
    /// <returns>The scenario; <see cref="MtnPayerScenario.Approve"/> for any unlisted ending (0009 and later included).</returns>
    /// <remarks>The table is <see cref="SandboxScenarios.For"/>'s; each MTN value equals its <see cref="SandboxScenario"/> value.</remarks>
    public static MtnPayerScenario For(string payerMsisdn) =>
        SandboxScenarios.For(payerMsisdn) is var scenario && scenario <= SandboxScenario.NotEnoughFunds
            ? (MtnPayerScenario)scenario
            : MtnPayerScenario.Approve;
}
