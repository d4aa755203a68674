namespace Enerlectra.Chain;

/// <summary>
/// What a contract refusal means to the server, so grains act on meaning rather than on Solidity error names
/// (<see cref="ChainRevertedException.ErrorName"/> stays for logs and operators).
/// </summary>
public enum ChainRefusal
{
    /// <summary>Any other refusal: definite, and nothing a retry of the same step can change.</summary>
    Other = 0,

    /// <summary>The step's id was already taken on-chain: an earlier attempt, whose answer was lost, went through.</summary>
    AlreadyDone = 1,

    /// <summary>The paying wallet does not hold enough payment tokens.</summary>
    InsufficientBalance = 2,

    /// <summary>The paying wallet does not allow the contract to take enough.</summary>
    InsufficientAllowance = 3,

    /// <summary>The offer is no longer active, has expired, or has less left than asked.</summary>
    OfferChanged = 4,

    /// <summary>The contract is paused by its admin: a state of the deployment, not of the step.</summary>
    Paused = 5,

    /// <summary>The server's operator key lacks the role the step needs: a deployment mistake, not the step's.</summary>
    NotAuthorized = 6,

    /// <summary>Refused before sending: the offer's on-chain mirror is gone (a reorganisation took it).</summary>
    MirrorLost = 7,
}

/// <summary>The contracts' error names (EnergyTrading, EnergyToken, OpenZeppelin) by meaning.</summary>
public static class ChainRefusals
{
    /// <summary>The error name <see cref="ChainRevertedException"/> carries for a payment refused because the mirror is gone.</summary>
    public const string OfferMirrorLostName = "OfferMirrorLost";

    public static ChainRefusal Of(string errorName) => errorName switch
    {
        "TradeAlreadyRecorded" or "DepositAlreadyRecorded" or "ReadingAlreadyMinted" or "OfferAlreadyMirrored" or "ReferenceAlreadyUsed"
            => ChainRefusal.AlreadyDone,
        "ERC20InsufficientBalance" => ChainRefusal.InsufficientBalance,
        "ERC20InsufficientAllowance" => ChainRefusal.InsufficientAllowance,
        "InsufficientRemaining" or "OfferNotActive" or "OfferExpired" => ChainRefusal.OfferChanged,
        "EnforcedPause" => ChainRefusal.Paused,
        "AccessControlUnauthorizedAccount" => ChainRefusal.NotAuthorized,
        OfferMirrorLostName => ChainRefusal.MirrorLost,
        _ => ChainRefusal.Other,
    };
}
