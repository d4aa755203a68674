namespace Enerlectra.Exchange.Events;

/// <summary>
/// A household buyer takes part of an offer directly, paying outside the book (mobile money or a connected wallet):
/// the energy is held off the book until the payment is definite.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.DirectTradeHeld")]
public sealed record DirectTradeHeld(
    DateTimeOffset At,
    [property: Id(0)] Guid TradeId,
    [property: Id(1)] long OrderId,
    [property: Id(2)] string BuyerId,
    [property: Id(3)] long Wh) : MarketJournalEvent(At);

/// <summary>
/// The direct trade was paid: the held energy moves to the buyer, the seller earns the amount less the fee (paid out
/// to their phone), the platform keeps the fee. The money itself was collected through <see cref="Channel"/>.
/// When <see cref="Delivered"/>, the purchase is settled in the users' wallets instead (a household purchase: the
/// energy goes to the buyer's wallet for consumption, the earnings to the seller's wallet, the fee to the platform
/// account), so only the seller's held energy leaves this market.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.DirectTradeSettled")]
public sealed record DirectTradeSettled(
    DateTimeOffset At,
    [property: Id(0)] Guid TradeId,
    [property: Id(1)] long AmountNgwee,
    [property: Id(2)] long FeeNgwee,
    [property: Id(3)] string Channel,
    [property: Id(4)] string SellerId,
    [property: Id(5)] string BuyerId,
    [property: Id(6)] long Wh,
    [property: Id(7)] long OrderId,
    [property: Id(8)] bool Delivered = false) : MarketJournalEvent(At);

/// <summary>
/// The direct trade's payment definitely failed: its energy goes back on sale, or, when the offer has closed since,
/// back to the seller (<see cref="ReturnedWh"/>, 0 when it went back on sale).
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.DirectTradeReleased")]
public sealed record DirectTradeReleased(
    DateTimeOffset At,
    [property: Id(0)] Guid TradeId,
    [property: Id(1)] string SellerId,
    [property: Id(2)] long ReturnedWh,
    [property: Id(3)] long OrderId) : MarketJournalEvent(At);

/// <summary>An offer was written on-chain (mirrored) under <see cref="ChainOfferId"/>, so wallets can pay for it there.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.OfferMirrored")]
public sealed record OfferMirrored(
    DateTimeOffset At,
    [property: Id(0)] long OrderId,
    [property: Id(1)] long ChainOfferId) : MarketJournalEvent(At);

/// <summary>
/// A chain reorganisation replaced the block that mirrored the offer: <see cref="ChainOfferId"/> is no longer its
/// number on-chain, and it is mirrored again.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.OfferMirrorLost")]
public sealed record OfferMirrorLost(
    DateTimeOffset At,
    [property: Id(0)] long OrderId,
    [property: Id(1)] long ChainOfferId) : MarketJournalEvent(At);
