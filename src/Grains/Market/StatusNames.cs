using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;

namespace Enerlectra.Grains.Market;

/// <summary>The snake_case status words events carry, the same words the public API uses.</summary>
public static class StatusNames
{
    public static string Of(OfferStatus status) => status switch
    {
        OfferStatus.Open => "open",
        OfferStatus.PartiallyFilled => "partially_filled",
        OfferStatus.Filled => "filled",
        OfferStatus.Cancelled => "cancelled",
        OfferStatus.Expired => "expired",
        _ => status.ToString(),
    };

    public static string Of(TradeSnapshot trade) => trade.Status switch
    {
        TradeStatus.Completed => "completed",
        TradeStatus.Failed => "failed",
        TradeStatus.Settling => "settling",
        _ => trade.PaymentState == PaymentState.AwaitingApproval ? "awaiting_approval" : "submitting",
    };
}
