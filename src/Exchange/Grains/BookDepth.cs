using Enerlectra.Exchange.Model;

namespace Enerlectra.Exchange.Grains;

/// <summary>The book's aggregated levels at one sequence number.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.BookDepth")]
public sealed record BookDepth(
    [property: Id(0)] string MarketId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] IReadOnlyList<DepthLevel> Bids,
    [property: Id(3)] IReadOnlyList<DepthLevel> Asks,
    [property: Id(4)] long LastTradePrice);
