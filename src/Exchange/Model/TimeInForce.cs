namespace Enerlectra.Exchange.Model;

/// <summary>How long an order's unfilled remainder may rest in the book.</summary>
[GenerateSerializer, Alias("enerlectra.exchange.TimeInForce")]
public enum TimeInForce
{
    /// <summary>Good till cancelled (or until its expiry time, when it has one).</summary>
    GoodTillCancelled = 0,

    /// <summary>Immediate or cancel: fills what it can at once; the rest is cancelled.</summary>
    ImmediateOrCancel = 1,

    /// <summary>Fill or kill: fills completely at once, or is refused without trading at all.</summary>
    FillOrKill = 2,
}
