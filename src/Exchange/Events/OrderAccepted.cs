using Enerlectra.Exchange.Model;

namespace Enerlectra.Exchange.Events;

/// <summary>
/// A new order passed every check: its energy (sell) or money (buy, <see cref="ReservedNgwee"/>) is reserved. It is
/// not in the book yet: it trades first (<see cref="TradeExecuted"/>), then rests or is cancelled.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.OrderAccepted")]
public sealed record OrderAccepted(
    DateTimeOffset At,
    [property: Id(0)] long OrderId,
    [property: Id(1)] OrderSpec Spec,
    [property: Id(2)] SelfTradePrevention SelfTradePrevention,
    [property: Id(3)] long ReservedNgwee,
    [property: Id(4)] OrderOrigin Origin,
    [property: Id(5)] OfferTerms? Offer) : MarketJournalEvent(At);

/// <summary>The unfilled rest of an order joins the back of its price level.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.OrderRested")]
public sealed record OrderRested(
    DateTimeOffset At,
    [property: Id(0)] long OrderId) : MarketJournalEvent(At);

/// <summary>
/// An order leaves the book unfilled; what it still reserved (<see cref="ReleasedWh"/> of a sell order,
/// <see cref="ReleasedNgwee"/> of a buy order) goes back to its owner's available balance.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.OrderCancelled")]
public sealed record OrderCancelled(
    DateTimeOffset At,
    [property: Id(0)] long OrderId,
    [property: Id(1)] CancelReason Reason,
    [property: Id(2)] string UserId,
    [property: Id(3)] long ReleasedWh,
    [property: Id(4)] long ReleasedNgwee) : MarketJournalEvent(At);

/// <summary>
/// An order's price or size changed. Only a smaller size keeps its place in the queue; anything else takes it out
/// of the book to trade again as if new (then it rests at the back). The reservation changes by
/// <see cref="EnergyDeltaWh"/> (sell) or <see cref="MoneyDeltaNgwee"/> (buy): positive moves more from the owner's
/// available balance to reserved, negative gives some back.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.OrderAmended")]
public sealed record OrderAmended(
    DateTimeOffset At,
    [property: Id(0)] long OrderId,
    [property: Id(1)] long PriceNgweePerKwh,
    [property: Id(2)] long RemainingWh,
    [property: Id(3)] bool KeepsPriority,
    [property: Id(4)] string UserId,
    [property: Id(5)] long EnergyDeltaWh,
    [property: Id(6)] long MoneyDeltaNgwee,
    [property: Id(7)] long PreviousPriceNgweePerKwh) : MarketJournalEvent(At);
