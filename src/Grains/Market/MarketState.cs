using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Offers;

namespace Enerlectra.Grains.Market;

[GenerateSerializer, Alias("enerlectra.MarketState")]
public sealed record MarketState
{
    /// <summary>Offers that can still be bought, by id.</summary>
    [Id(0)] public Dictionary<Guid, OfferSnapshot> OpenOffers { get; set; } = [];

    /// <summary>The most recent events, oldest first, for clients that reconnect.</summary>
    [Id(1)] public List<MarketEvent> RecentEvents { get; set; } = [];

    [Id(2)] public long LastSequence { get; set; }
}
