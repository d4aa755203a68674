using Enerlectra.Exchange.Model;

namespace Enerlectra.Exchange.Book;

/// <summary>
/// One order as the book keeps it. Mutable and linked into its price level (FIFO by time priority), so cancelling
/// or filling it is O(1); changed only by <see cref="MarketLedger.Apply"/>.
/// </summary>
public sealed class BookOrder
{
    public required long OrderId { get; init; }
    public required string UserId { get; init; }
    public required string ClientOrderId { get; init; }
    public required Side Side { get; init; }
    public required OrderOrigin Origin { get; init; }
    public OfferTerms? Offer { get; init; }

    /// <summary>What the user asked for when placing it: a retry with the same client order id must match it.</summary>
    public required OrderSpec Spec { get; init; }
    public long PriceNgweePerKwh { get; set; }
    public long QuantityWh { get; set; }

    /// <summary>Still for sale (sell) or wanted (buy): what the book shows for this order.</summary>
    public long RemainingWh { get; set; }

    /// <summary>Held for direct (mobile money or wallet) purchases whose payment is not settled yet. Offers only.</summary>
    public long HeldWh { get; set; }

    public long FilledWh { get; set; }
    public TimeInForce TimeInForce { get; set; }
    public bool PostOnly { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public SelfTradePrevention SelfTradePrevention { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public OrderStatus Status { get; set; }
    public CancelReason? CancelReason { get; set; }

    /// <summary>Time priority: the sequence of the event that put it where it rests (lower goes first).</summary>
    public long Priority { get; set; }

    /// <summary>Exact value of its fills so far, in Wh × ngwee/kWh (thousandths of a ngwee).</summary>
    public long FilledValue { get; set; }

    /// <summary>Buy: money paid so far. Sell: gross money received so far (before fees).</summary>
    public long SettledNgwee { get; set; }

    /// <summary>Sell: fees so far, and their exact sum in ngwee × basis points (the fee is rounded up on the total).</summary>
    public long FeeNgwee { get; set; }
    public long FeeExact { get; set; }

    /// <summary>Buy: money still held for it (enough to fill the rest at its limit price).</summary>
    public long ReservedNgwee { get; set; }

    /// <summary>Offers only: the offer's id on-chain once it was mirrored there.</summary>
    public long? ChainOfferId { get; set; }

    /// <summary>Offers only: the direct purchases settled on it, oldest first (a lost on-chain mirror records them again).</summary>
    public List<Guid>? SettledTrades { get; init; }

    public bool Resting { get; set; }
    internal BookOrder? Previous { get; set; }
    internal BookOrder? Next { get; set; }
    internal PriceLevel? Level { get; set; }

    public bool IsOpen => !Status.IsClosed();

    public OrderView View() => new(
        OrderId, UserId, ClientOrderId, Side, PriceNgweePerKwh, QuantityWh, RemainingWh, HeldWh, FilledWh, Status, TimeInForce,
        PostOnly, ExpiresAt, CreatedAt, UpdatedAt, Origin, Offer, CancelReason, SettledNgwee, FeeNgwee, SelfTradePrevention, ChainOfferId);
}
