namespace Enerlectra.Abstractions.Market;

public enum MarketEventKind
{
    OfferCreated = 0,
    OfferUpdated = 1,
    TradeCompleted = 2,
    /// <summary>Progress of a buyer's payment; only the trade's buyer and seller see it.</summary>
    PaymentStatus = 3,
}
