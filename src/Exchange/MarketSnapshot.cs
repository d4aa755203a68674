using Enerlectra.Exchange.Model;

namespace Enerlectra.Exchange;

/// <summary>
/// A market's whole state at one journal position, so a restart replays only the journal after it. Resting orders
/// are listed with their time priority, which rebuilds each price level's queue exactly.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.MarketSnapshot")]
public sealed record MarketSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] long NextOrderId,
    [property: Id(2)] long NextTradeId,
    [property: Id(3)] long LastTradePrice,
    [property: Id(4)] long PlatformFeesNgwee,
    [property: Id(5)] long PlatformRoundingNgwee,
    [property: Id(6)] IReadOnlyList<AccountView> Accounts,
    [property: Id(7)] IReadOnlyList<OrderState> Orders,
    [property: Id(8)] IReadOnlyList<long> ClosedOrderQueue,
    [property: Id(9)] IReadOnlyList<DirectHold> Holds,
    [property: Id(10)] IReadOnlyList<Guid> FinishedDirectTrades,
    [property: Id(11)] IReadOnlyList<PendingPayout> Payouts,
    [property: Id(12)] IReadOnlyList<Guid> FinishedPayouts,
    [property: Id(13)] IReadOnlyList<string> AppliedReferences);

/// <summary>Everything about one order, as kept in a snapshot.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.OrderState")]
public sealed record OrderState(
    [property: Id(0)] OrderView View,
    [property: Id(1)] OrderSpec Spec,
    [property: Id(2)] long Priority,
    [property: Id(3)] bool Resting,
    [property: Id(4)] long FilledValue,
    [property: Id(5)] long FeeExact,
    [property: Id(6)] long ReservedNgwee,
    [property: Id(7)] IReadOnlyList<Guid>? SettledTrades = null);
