namespace Enerlectra.MobileMoney.Airtel;

/// <summary>What <see cref="AirtelCallbackVerifier"/> concluded about a callback.</summary>
public enum AirtelCallbackAuthenticity
{
    /// <summary>The hash matches: Airtel (or someone holding our callback secret) sent it.</summary>
    Authentic,

    /// <summary>No callback secret is configured, so nothing can be checked; confirm by status query as always.</summary>
    NotConfigured,

    /// <summary>A secret is configured but the callback carries no hash: treat it as forged.</summary>
    Unsigned,

    /// <summary>The hash does not match (or the body is unreadable): reject it.</summary>
    Forged,
}
