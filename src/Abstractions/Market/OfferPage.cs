using Enerlectra.Abstractions.Offers;
using Orleans;

namespace Enerlectra.Abstractions.Market;

/// <summary>A page of open offers, cheapest first. Pass <see cref="NextPageToken"/> back for the next page (empty at the end).</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.OfferPage")]
public sealed record OfferPage(
    [property: Id(0)] IReadOnlyList<OfferSnapshot> Offers,
    [property: Id(1)] string NextPageToken,
    [property: Id(2)] int TotalOpen);
