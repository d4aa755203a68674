namespace Enerlectra.Exchange.Model;

/// <summary>Why an order left the book without being filled.</summary>
[GenerateSerializer, Alias("enerlectra.exchange.CancelReason")]
public enum CancelReason
{
    /// <summary>Its owner cancelled it (one order, a mass cancel, or an operator).</summary>
    Requested = 0,

    /// <summary>The rest of an immediate-or-cancel order that could not be filled at once.</summary>
    ImmediateOrCancelRemainder = 1,

    /// <summary>Self-trade prevention.</summary>
    SelfTrade = 2,

    /// <summary>Its expiry time passed.</summary>
    Expired = 3,

    /// <summary>The streaming session that placed it (with cancel-on-disconnect) ended.</summary>
    Disconnected = 4,

    /// <summary>A deposit that paid for it was reversed, so the money it held is taken back.</summary>
    DepositReversed = 5,
}
