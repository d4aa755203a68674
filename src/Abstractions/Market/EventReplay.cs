using Orleans;

namespace Enerlectra.Abstractions.Market;

/// <summary>
/// Events after a client's last sequence number. <see cref="Truncated"/> is true when some were older than the
/// bounded replay window: the client should reload the offer list, then carry on from here.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.EventReplay")]
public sealed record EventReplay(
    [property: Id(0)] IReadOnlyList<MarketEvent> Events,
    [property: Id(1)] long LatestSequence,
    [property: Id(2)] bool Truncated);
