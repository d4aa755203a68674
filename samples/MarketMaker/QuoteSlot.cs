using Enerlectra.Api.V1;

namespace Enerlectra.MarketMaker;

/// <summary>
/// One place in the ladder (a side and a level) and the order that fills it: what was last heard about the order,
/// and whether a command for it is still unanswered (then nothing more is sent for it, so answers never cross).
/// </summary>
public sealed class QuoteSlot(QuoteSide side, int level)
{
    public QuoteSide Side { get; } = side;

    public int Level { get; } = level;

    /// <summary>Orders placed for this slot so far; numbers the next client order id.</summary>
    public int Attempts { get; set; }

    /// <summary>The client order id of the slot's latest order; news of earlier ones no longer changes the slot.</summary>
    public string? ClientOrderId { get; set; }

    /// <summary>The latest order as last reported, or null before it is accepted.</summary>
    public Order? Order { get; set; }

    /// <summary>The tag of the command awaiting its answer, or null.</summary>
    public string? PendingTag { get; set; }

    /// <summary>
    /// The side's quote generation whose quote the server refused: not sent again until a fill moves the side on,
    /// so a refusal (no money, a price band) is logged once rather than retried in a loop.
    /// </summary>
    public int? RefusedGeneration { get; set; }

    /// <summary>Whether the order is in the book.</summary>
    public bool IsResting => Order?.Status is "open" or "partially_filled";
}
