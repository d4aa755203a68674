using Enerlectra.Exchange.Ledger;

namespace Enerlectra.Exchange.Grains;

/// <summary>
/// The ledger check of one market: its journal's double entries summed from the first event, whether each asset sums
/// to zero, and every difference between those sums and the market's live balances (none when sound).
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.LedgerReport")]
public sealed record LedgerReport(
    [property: Id(0)] string MarketId,
    [property: Id(1)] long Version,
    [property: Id(2)] long Entries,
    [property: Id(3)] IReadOnlyDictionary<Asset, long> Totals,
    [property: Id(4)] IReadOnlyList<string> Differences,
    [property: Id(5)] DateTimeOffset CheckedAt)
{
    public bool Balanced => Differences.Count == 0;
}
