using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Model;

namespace Enerlectra.Exchange.Ledger;

/// <summary>
/// The double-entry view of the journal: each event becomes postings whose amounts sum to zero per asset, read from
/// the event alone. Summing them over the journal gives every balance, independently of <see cref="MarketLedger"/>.
/// </summary>
public static class Postings
{
    public static IEnumerable<Posting> Of(MarketJournalEvent e)
    {
        switch (e)
        {
            case EnergyCredited c:
                yield return new(LedgerAccount.External(Buckets.Generation), Asset.Energy, -c.Wh);
                yield return new(LedgerAccount.User(c.UserId, Buckets.Available), Asset.Energy, c.Wh);
                break;
            case MoneyDeposited d:
                yield return new(LedgerAccount.External(Buckets.Clearing(d.Channel)), Asset.Money, -d.Ngwee);
                yield return new(LedgerAccount.User(d.UserId, Buckets.Available), Asset.Money, d.Ngwee);
                break;
            case DepositReversed r:
                yield return new(LedgerAccount.User(r.UserId, Buckets.Available), Asset.Money, -r.ReversedNgwee);
                yield return new(LedgerAccount.User(r.UserId, Buckets.Owed), Asset.Money, -r.OwedNgwee);
                yield return new(LedgerAccount.External(Buckets.Clearing(r.Channel)), Asset.Money, r.ReversedNgwee + r.OwedNgwee);
                break;
            case PayoutRequested p:
                var (from, to) = p.Source == PayoutSource.Balance ? (Buckets.Available, Buckets.Withdrawing) : (Buckets.Earnings, Buckets.PayingOut);
                yield return new(LedgerAccount.User(p.UserId, from), Asset.Money, -p.Ngwee);
                yield return new(LedgerAccount.User(p.UserId, to), Asset.Money, p.Ngwee);
                break;
            case PayoutSettled s:
                var (pending, back) = s.Source == PayoutSource.Balance ? (Buckets.Withdrawing, Buckets.Available) : (Buckets.PayingOut, Buckets.Earnings);
                yield return new(LedgerAccount.User(s.UserId, pending), Asset.Money, -s.Ngwee);
                yield return s.Paid
                    ? new(LedgerAccount.External(Buckets.Clearing(s.Channel)), Asset.Money, s.Ngwee)
                    : new(LedgerAccount.User(s.UserId, back), Asset.Money, s.Ngwee);
                break;
            case OrderAccepted a when a.Spec.Side == Side.Sell:
                yield return new(LedgerAccount.User(a.Spec.UserId, Buckets.Available), Asset.Energy, -a.Spec.QuantityWh);
                yield return new(LedgerAccount.User(a.Spec.UserId, Buckets.Reserved), Asset.Energy, a.Spec.QuantityWh);
                break;
            case OrderAccepted a:
                yield return new(LedgerAccount.User(a.Spec.UserId, Buckets.Available), Asset.Money, -a.ReservedNgwee);
                yield return new(LedgerAccount.User(a.Spec.UserId, Buckets.Reserved), Asset.Money, a.ReservedNgwee);
                break;
            case OrderCancelled c:
                foreach (var posting in Release(c.UserId, Asset.Energy, c.ReleasedWh).Concat(Release(c.UserId, Asset.Money, c.ReleasedNgwee)))
                {
                    yield return posting;
                }

                break;
            case OrderAmended m:
                foreach (var posting in Release(m.UserId, Asset.Energy, -m.EnergyDeltaWh).Concat(Release(m.UserId, Asset.Money, -m.MoneyDeltaNgwee)))
                {
                    yield return posting;
                }

                break;
            case TradeExecuted t:
                yield return new(LedgerAccount.User(t.SellerId, Buckets.Reserved), Asset.Energy, -t.QuantityWh);
                yield return new(LedgerAccount.User(t.BuyerId, Buckets.Available), Asset.Energy, t.QuantityWh);
                yield return new(LedgerAccount.User(t.BuyerId, Buckets.Reserved), Asset.Money, -t.BuyerPaysNgwee);
                yield return new(LedgerAccount.User(t.SellerId, Buckets.Available), Asset.Money, t.SellerGrossNgwee - t.SellerFeeNgwee);
                yield return new(LedgerAccount.Platform(Buckets.Fees), Asset.Money, t.SellerFeeNgwee);
                yield return new(LedgerAccount.Platform(Buckets.Rounding), Asset.Money, t.RoundingNgwee);
                foreach (var posting in Release(t.BuyerId, Asset.Money, t.BuyerReleasedNgwee))
                {
                    yield return posting;
                }

                break;
            case DirectTradeSettled { Delivered: true } s:
                yield return new(LedgerAccount.User(s.SellerId, Buckets.Reserved), Asset.Energy, -s.Wh);
                yield return new(LedgerAccount.External(Buckets.Wallets), Asset.Energy, s.Wh);
                break;
            case DirectTradeSettled s:
                yield return new(LedgerAccount.User(s.SellerId, Buckets.Reserved), Asset.Energy, -s.Wh);
                yield return new(LedgerAccount.User(s.BuyerId, Buckets.Available), Asset.Energy, s.Wh);
                yield return new(LedgerAccount.External(Buckets.Clearing(s.Channel)), Asset.Money, -s.AmountNgwee);
                yield return new(LedgerAccount.User(s.SellerId, Buckets.Earnings), Asset.Money, s.AmountNgwee - s.FeeNgwee);
                yield return new(LedgerAccount.Platform(Buckets.Fees), Asset.Money, s.FeeNgwee);
                break;
            case DirectTradeReleased r:
                foreach (var posting in Release(r.SellerId, Asset.Energy, r.ReturnedWh))
                {
                    yield return posting;
                }

                break;
        }
    }

    /// <summary>Reserved back to available (a negative amount moves the other way).</summary>
    private static IEnumerable<Posting> Release(string userId, Asset asset, long amount)
    {
        if (amount == 0)
        {
            yield break;
        }

        yield return new(LedgerAccount.User(userId, Buckets.Reserved), asset, -amount);
        yield return new(LedgerAccount.User(userId, Buckets.Available), asset, amount);
    }
}
