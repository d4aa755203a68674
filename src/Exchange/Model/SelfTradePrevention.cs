namespace Enerlectra.Exchange.Model;

/// <summary>What happens when an order would trade against another order of the same user.</summary>
[GenerateSerializer, Alias("enerlectra.exchange.SelfTradePrevention")]
public enum SelfTradePrevention
{
    /// <summary>The market's default (configured).</summary>
    MarketDefault = 0,

    /// <summary>The resting order is cancelled and matching goes on.</summary>
    CancelResting = 1,

    /// <summary>The incoming order's remainder is cancelled; the resting order stays.</summary>
    CancelIncoming = 2,

    /// <summary>Both are cancelled.</summary>
    CancelBoth = 3,
}
