using Enerlectra.Exchange.Model;

namespace Enerlectra.Exchange.Grains;

[GenerateSerializer, Alias("enerlectra.exchange.OrderCommandKind")]
public enum OrderCommandKind
{
    Place = 0,
    Cancel = 1,
    Amend = 2,
    CancelAll = 3,
}

/// <summary>
/// One command of a streaming order session. <see cref="Tag"/> is the client's own reference (its client order id
/// for a place), echoed in the result so a bot can match answers to requests.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.OrderCommand")]
public sealed record OrderCommand(
    [property: Id(0)] OrderCommandKind Kind,
    [property: Id(1)] string Tag,
    [property: Id(2)] OrderSpec? Place = null,
    [property: Id(3)] long OrderId = 0,
    [property: Id(4)] long? PriceNgweePerKwh = null,
    [property: Id(5)] long? QuantityWh = null);

/// <summary>
/// What one command did: the order(s) after it and its trades, or why it was refused (nothing changed).
/// <see cref="Updates"/> are the feed's items about the caller's own orders that this command produced (the same
/// items, with the same sequence numbers, that the market feed carries), so a session can report them at once and
/// recognise them when they arrive again on the feed.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.OrderCommandResult")]
public sealed record OrderCommandResult(
    [property: Id(0)] string Tag,
    [property: Id(1)] IReadOnlyList<OrderView> Orders,
    [property: Id(2)] IReadOnlyList<TradeView> Trades,
    [property: Id(3)] bool Replayed,
    [property: Id(4)] Rejection? Rejection,
    [property: Id(5)] IReadOnlyList<MarketFeedItem>? Updates = null)
{
    public bool Accepted => Rejection is null;
}

/// <summary>A refused command: the gRPC status it maps to, the field at fault and a message a front end can show.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.Rejection")]
public sealed record Rejection(
    [property: Id(0)] Abstractions.Errors.ErrorKind Kind,
    [property: Id(1)] string? Field,
    [property: Id(2)] string Message);
