using Enerlectra.Exchange.Model;

namespace Enerlectra.Exchange.Grains;

[GenerateSerializer, Alias("enerlectra.exchange.MarketFeedKind")]
public enum MarketFeedKind
{
    /// <summary>A price level's new total (0: the level is gone).</summary>
    Level = 0,

    /// <summary>A trade of the book (the tape).</summary>
    Trade = 1,

    /// <summary>A change to one user's order; only that user's sessions see it.</summary>
    Order = 2,
}

/// <summary>
/// One thing that happened in a market, numbered with the market's sequence (the journal version of the event that
/// caused it), published only once that event is durable.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.MarketFeedItem")]
public sealed record MarketFeedItem(
    [property: Id(0)] long Sequence,
    [property: Id(1)] MarketFeedKind Kind,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] DepthLevel? Level = null,
    [property: Id(4)] TradeView? Trade = null,
    [property: Id(5)] OrderUpdate? Order = null);

/// <summary>What happened to an order, for its owner: "accepted", "filled", "partially_filled", "cancelled", "expired", "replaced".</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.OrderUpdate")]
public sealed record OrderUpdate(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Event,
    [property: Id(2)] OrderView Order,
    [property: Id(3)] TradeView? Fill);

/// <summary>
/// One commit's feed items, or (for a big commit) one part of them: whole sequences, at most
/// <see cref="MarketFeedBatches.MaxItems"/> items; published on the market's stream. <see cref="PreviousSequence"/>
/// is the last sequence of the batch before it, so a subscriber that sees it differ from what it last saw knows it
/// missed something and asks the market to replay the gap.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.MarketFeedBatch")]
public sealed record MarketFeedBatch(
    [property: Id(0)] string MarketId,
    [property: Id(1)] long PreviousSequence,
    [property: Id(2)] long LastSequence,
    [property: Id(3)] IReadOnlyList<MarketFeedItem> Items);

/// <summary>Feed items after a sequence number, from the market's memory; <see cref="Truncated"/> when older ones are gone.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.MarketFeedReplay")]
public sealed record MarketFeedReplay(
    [property: Id(0)] IReadOnlyList<MarketFeedItem> Items,
    [property: Id(1)] long LatestSequence,
    [property: Id(2)] bool Truncated);

/// <summary>Names of the stream every market publishes its feed batches on.</summary>
public static class MarketFeedStreams
{
    public const string Namespace = "market-feed";

    public static Orleans.Runtime.StreamId For(string marketId) => Orleans.Runtime.StreamId.Create(Namespace, marketId);
}
