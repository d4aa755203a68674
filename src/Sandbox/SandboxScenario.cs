namespace Enerlectra.Sandbox;

/// <summary>
/// What the sandbox does with a collection or payout, chosen by the last four digits of the payer's (or payee's)
/// number. Shared by every provider and product; see README.md for the table.
/// </summary>
public enum SandboxScenario
{
    /// <summary>Anything else: SUCCESSFUL after ApproveDelay, one callback.</summary>
    Approve,

    /// <summary>0001: the payer declines (APPROVAL_REJECTED).</summary>
    Reject,

    /// <summary>0002: the prompt expires (EXPIRED; Airtel TE).</summary>
    Expire,

    /// <summary>0003: the first arrival is lost (accepted but no record).</summary>
    LoseFirstArrival,

    /// <summary>0004: pending until the control API decides.</summary>
    StayPending,

    /// <summary>0005: 503 for the first two arrivals.</summary>
    UnavailableTwice,

    /// <summary>0006: approved, callback sent twice.</summary>
    DuplicateCallback,

    /// <summary>0007: approved, no callback.</summary>
    NoCallback,

    /// <summary>0008: not enough funds (NOT_ENOUGH_FUNDS).</summary>
    NotEnoughFunds,

    /// <summary>0009: the wallet does not exist (PAYER_NOT_FOUND).</summary>
    PayerNotFound,

    /// <summary>0010: the payer never entered the PIN (PIN_TIMEOUT; Airtel-style).</summary>
    PinTimeout,

    /// <summary>0011: the first arrival is processed but answered only after SlowResponseDelay (the client times out and retries).</summary>
    SlowFirstResponse,

    /// <summary>0012: approved; the final callback is followed by a stale PENDING one.</summary>
    CallbacksOutOfOrder,

    /// <summary>0013: approved; the callback carries a bad hash (Airtel; a normal callback elsewhere).</summary>
    BadCallbackHash,
}

/// <summary>Maps numbers to <see cref="SandboxScenario"/>.</summary>
public static class SandboxScenarios
{
    /// <summary>The scenario for an MSISDN, by its last four digits.</summary>
    /// <param name="msisdn">The payer's or payee's number.</param>
    /// <returns>The scenario.</returns>
    public static SandboxScenario For(string msisdn) =>
        (msisdn.Length >= 4 ? msisdn[^4..] : msisdn) switch
        {
            "0001" => SandboxScenario.Reject,
            "0002" => SandboxScenario.Expire,
            "0003" => SandboxScenario.LoseFirstArrival,
            "0004" => SandboxScenario.StayPending,
            "0005" => SandboxScenario.UnavailableTwice,
            "0006" => SandboxScenario.DuplicateCallback,
            "0007" => SandboxScenario.NoCallback,
            "0008" => SandboxScenario.NotEnoughFunds,
            "0009" => SandboxScenario.PayerNotFound,
            "0010" => SandboxScenario.PinTimeout,
            "0011" => SandboxScenario.SlowFirstResponse,
            "0012" => SandboxScenario.CallbacksOutOfOrder,
            "0013" => SandboxScenario.BadCallbackHash,
            _ => SandboxScenario.Approve,
        };

    /// <summary>
    /// The scenario for one of our phone verifications (see <see cref="SandboxPhoneVerification"/>): approved after
    /// ApproveDelay whatever the ending, except the endings reserved for testing verification itself.
    /// </summary>
    /// <param name="msisdn">The number being verified.</param>
    /// <returns>
    /// 0020 <see cref="SandboxScenario.Reject"/> (declined), 0021 <see cref="SandboxScenario.StayPending"/> (until the
    /// control API decides), 0022 <see cref="SandboxScenario.LoseFirstArrival"/>, 0023
    /// <see cref="SandboxScenario.SlowFirstResponse"/>; <see cref="SandboxScenario.Approve"/> otherwise.
    /// </returns>
    public static SandboxScenario ForPhoneVerification(string msisdn) =>
        (msisdn.Length >= 4 ? msisdn[^4..] : msisdn) switch
        {
            "0020" => SandboxScenario.Reject,
            "0021" => SandboxScenario.StayPending,
            "0022" => SandboxScenario.LoseFirstArrival,
            "0023" => SandboxScenario.SlowFirstResponse,
            _ => SandboxScenario.Approve,
        };

    /// <summary>The neutral failure reason a scenario ends with, or null when it succeeds (or waits).</summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>One of the <see cref="SandboxReasons"/> codes, or null.</returns>
    public static string? FailureReason(SandboxScenario scenario) => scenario switch
    {
        SandboxScenario.Reject => SandboxReasons.ApprovalRejected,
        SandboxScenario.Expire => SandboxReasons.Expired,
        SandboxScenario.NotEnoughFunds => SandboxReasons.NotEnoughFunds,
        SandboxScenario.PayerNotFound => SandboxReasons.PayerNotFound,
        SandboxScenario.PinTimeout => SandboxReasons.PinTimeout,
        _ => null,
    };
}
