using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Model;

namespace Enerlectra.Exchange.Ledger;

/// <summary>Balances summed from postings, and how they compare with a market's live state.</summary>
public sealed class LedgerBalances
{
    private readonly Dictionary<(LedgerAccount Account, Asset Asset), long> _balances = [];

    public long Entries { get; private set; }

    public IReadOnlyDictionary<(LedgerAccount Account, Asset Asset), long> Balances => _balances;

    public void Add(MarketJournalEvent e)
    {
        Entries++;
        foreach (var posting in Postings.Of(e))
        {
            var key = (posting.Account, posting.Asset);
            _balances[key] = checked(_balances.GetValueOrDefault(key) + posting.Amount);
        }
    }

    public long Balance(LedgerAccount account, Asset asset) => _balances.GetValueOrDefault((account, asset));

    /// <summary>Each asset's postings sum: zero in a sound journal.</summary>
    public IReadOnlyDictionary<Asset, long> Totals() =>
        Enum.GetValues<Asset>().ToDictionary(a => a, a => _balances.Where(b => b.Key.Asset == a).Sum(b => b.Value));

    /// <summary>Every difference between these balances and the ledger's; empty when they agree.</summary>
    public IReadOnlyList<string> Differences(MarketLedger ledger)
    {
        var differences = new List<string>();
        foreach (var (asset, total) in Totals())
        {
            if (total != 0)
            {
                differences.Add($"{asset} entries sum to {total}, not 0");
            }
        }

        void Compare(LedgerAccount account, Asset asset, long live)
        {
            var journal = Balance(account, asset);
            if (journal != live)
            {
                differences.Add($"{account} {asset}: journal {journal}, market {live}");
            }
        }

        var users = ledger.Accounts.Keys.Concat(_balances.Keys.Where(k => k.Account.Owner == "user").Select(k => k.Account.Id)).Distinct(StringComparer.Ordinal);
        foreach (var userId in users)
        {
            var a = ledger.AccountView(userId);
            Compare(LedgerAccount.User(userId, Buckets.Available), Asset.Energy, a.EnergyAvailableWh);
            Compare(LedgerAccount.User(userId, Buckets.Reserved), Asset.Energy, a.EnergyReservedWh);
            Compare(LedgerAccount.User(userId, Buckets.Available), Asset.Money, a.MoneyAvailableNgwee);
            Compare(LedgerAccount.User(userId, Buckets.Reserved), Asset.Money, a.MoneyReservedNgwee);
            Compare(LedgerAccount.User(userId, Buckets.Withdrawing), Asset.Money, a.MoneyWithdrawingNgwee);
            Compare(LedgerAccount.User(userId, Buckets.Earnings), Asset.Money, a.EarningsNgwee);
            Compare(LedgerAccount.User(userId, Buckets.PayingOut), Asset.Money, a.EarningsPayingOutNgwee);
            Compare(LedgerAccount.User(userId, Buckets.Owed), Asset.Money, -a.MoneyOwedNgwee);
        }

        Compare(LedgerAccount.Platform(Buckets.Fees), Asset.Money, ledger.PlatformFeesNgwee);
        Compare(LedgerAccount.Platform(Buckets.Rounding), Asset.Money, ledger.PlatformRoundingNgwee);
        return differences;
    }
}
