namespace Enerlectra.Abstractions.Offers;

public enum OfferStatus
{
    Open = 0,
    PartiallyFilled = 1,
    Filled = 2,
    Cancelled = 3,
    Expired = 4,
}

public static class OfferStatusExtensions
{
    /// <summary>Open and partially filled offers can still be bought.</summary>
    public static bool IsTradable(this OfferStatus status) => status is OfferStatus.Open or OfferStatus.PartiallyFilled;
}
