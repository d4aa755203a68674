using System.Text.Json;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Exchange.Ledger;
using FsCheck;
using FsCheck.Fluent;

namespace Enerlectra.Exchange.Tests;

/// <summary>
/// Random command sequences from a few users around one price, checked after every command: the book is never
/// crossed, fills never exceed quantities, price-time priority holds, no balance goes negative, energy and money are
/// conserved, every reservation matches the orders holding it, the journal sums to zero and equals the balances, and
/// replaying the journal (from scratch or from a snapshot) rebuilds exactly the same market.
/// </summary>
public sealed class MarketProperties
{
    private static readonly string[] Users = ["u0", "u1", "u2", "u3"];

    /// <summary>One random step; its numbers are interpreted by <see cref="Run"/>.</summary>
    public sealed record Step(int Kind, int User, int A, int B, int C, int D);

    private static Arbitrary<Step[]> Steps() =>
        (from kind in Gen.Choose(0, 13)
         from user in Gen.Choose(0, Users.Length - 1)
         from a in Gen.Choose(0, 999)
         from b in Gen.Choose(0, 999)
         from c in Gen.Choose(0, 999)
         from d in Gen.Choose(0, 999)
         select new Step(kind, user, a, b, c, d)).ArrayOf().ToArbitrary();

    [Fact]
    public void Invariants_hold_after_every_command() =>
        Prop.ForAll(Steps(), steps =>
        {
            Run(steps);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));

    [Fact]
    public void Invariants_hold_in_long_runs() =>
        Prop.ForAll(Steps(), steps =>
        {
            Run(steps.Concat(steps).Concat(steps.Reverse()).ToArray());
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(30));

    private static void Run(Step[] steps)
    {
        var market = new Market(new MarketRules { MakerFeeBasisPoints = 10, TakerFeeBasisPoints = 40, MaxOpenOrdersPerUser = 25 });
        long credited = 0, deposited = 0;
        foreach (var user in Users)
        {
            market.Fund(user, wh: 20_000, ngwee: 5_000);
            credited += 20_000;
            deposited += 5_000;
        }

        var lastClientOrder = new Dictionary<string, OrderSpec>();
        var offers = new List<Guid>();
        var directTrades = new List<Guid>();
        var payouts = new List<Guid>();
        var deposits = new List<(string UserId, string Reference, long Ngwee)>();
        var snapshotAt = steps.Length / 2;
        MarketSnapshot? snapshot = null;
        var journalAtSnapshot = 0;

        for (var i = 0; i < steps.Length; i++)
        {
            var s = steps[i];
            var user = Users[s.User];
            var versionBefore = market.Ledger.Version;
            var journalBefore = market.Journal.Count;
            try
            {
                switch (s.Kind)
                {
                    case <= 4:
                        var spec = RandomSpec(market, user, s, lastClientOrder);
                        var result = market.Place(spec);
                        lastClientOrder[user] = spec;
                        CheckPriceTimePriority(market, spec, result);
                        break;
                    case 5:
                        var mine = market.Ledger.OpenOrdersOf(user).OrderBy(o => o.OrderId).ToList();
                        if (mine.Count > 0)
                        {
                            market.Run(e => e.Cancel(user, mine[s.A % mine.Count].OrderId, market.Now));
                        }

                        break;
                    case 6:
                        var amendable = market.Ledger.OpenOrdersOf(user).Where(o => o.Origin == OrderOrigin.Order).OrderBy(o => o.OrderId).ToList();
                        if (amendable.Count > 0)
                        {
                            var target = amendable[s.A % amendable.Count];
                            long? price = s.B % 3 == 0 ? null : 95 + s.B % 11;
                            long? size = s.C % 3 == 0 ? null : 1 + s.C % 3_000;
                            market.Run(e => e.Amend(user, target.OrderId, price, size, market.Now));
                        }

                        break;
                    case 7:
                        market.Run(e => e.CancelAll(user, market.Now, includeOffers: s.A % 2 == 0));
                        break;
                    case 8:
                        market.Now = market.Now.AddSeconds(s.A % 120);
                        market.Run(e => e.ExpireDue(market.Now));
                        break;
                    case 9:
                        var offerId = Guid.NewGuid();
                        market.Run(e => e.PlaceOffer(new OrderSpec(user, "offer-" + offerId, Side.Sell, 1 + s.B * 7, 95 + s.C % 11,
                            ExpiresAt: s.D % 4 == 0 ? market.Now.AddSeconds(30 + s.D) : null), new OfferTerms(offerId, s.A % 5 != 0), market.Now));
                        offers.Add(offerId);
                        break;
                    case 10:
                        if (offers.Count > 0)
                        {
                            var tradeId = Guid.NewGuid();
                            market.Run(e => e.HoldDirect(tradeId, offers[s.A % offers.Count], user, s.B % 4 == 0 ? 0 : 1 + s.C * 3, mobileMoney: s.D % 2 == 0, market.Now));
                            directTrades.Add(tradeId);
                        }

                        break;
                    case 11:
                        if (directTrades.Count > 0)
                        {
                            var tradeId = directTrades[s.A % directTrades.Count];
                            if (market.Ledger.Hold(tradeId) is { } hold && s.B % 2 == 0)
                            {
                                var amount = Abstractions.Pricing.TradePricing.Price(hold.Wh, hold.PriceNgweePerKwh, 25);
                                // Either settled in the market's accounts or delivered to the wallets (a household purchase).
                                market.Run(e => e.SettleDirect(tradeId, amount.AmountNgwee, amount.FeeNgwee, "mtn", market.Now, delivered: s.C % 2 == 0));
                            }
                            else
                            {
                                market.Run(e => e.ReleaseDirect(tradeId, market.Now));
                            }
                        }

                        break;
                    case 12:
                        var payoutId = Guid.NewGuid();
                        var source = s.A % 2 == 0 ? PayoutSource.Balance : PayoutSource.Earnings;
                        market.Run(e => e.RequestPayout(user, payoutId, 1 + s.B, source, "airtel", market.Now));
                        payouts.Add(payoutId);
                        break;
                    default:
                        if (s.A % 4 == 3 && deposits.Count > 0)
                        {
                            // A deposit undone after it was credited (and perhaps spent): taken back, the rest owed.
                            var (depositor, reference, ngwee) = deposits[s.C % deposits.Count];
                            if (market.Run(e => e.ReverseDeposit(depositor, reference, ngwee, "zamtel", market.Now)) is { } reversal)
                            {
                                Assert.Equal(ngwee, reversal.ReversedNgwee + reversal.OwedNgwee);
                                Assert.DoesNotContain(market.Ledger.OpenOrdersOf(depositor), o => o.Side == Side.Buy);
                                deposited -= ngwee;
                            }
                        }
                        else if (s.A % 4 == 0)
                        {
                            market.Run(e => e.CreditEnergy(user, 1 + s.B, "r-" + i, market.Now));
                            credited += 1 + s.B;
                        }
                        else if (s.A % 4 == 1)
                        {
                            market.Run(e => e.Deposit(user, 1 + s.B, "d-" + i, "zamtel", market.Now));
                            deposited += 1 + s.B;
                            deposits.Add((user, "d-" + i, 1 + s.B));
                        }
                        else if (payouts.Count > 0)
                        {
                            var payout = payouts[s.C % payouts.Count];
                            if (market.Ledger.Payout(payout) is not null)
                            {
                                market.Run(e => e.SettlePayout(payout, paid: s.D % 3 != 0, market.Now));
                            }
                        }

                        break;
                }
            }
            catch (TradingException)
            {
                // A refusal changes nothing and journals nothing.
                Assert.Equal(versionBefore, market.Ledger.Version);
                Assert.Equal(journalBefore, market.Journal.Count);
            }

            CheckInvariants(market, credited, deposited);
            if (i == snapshotAt)
            {
                snapshot = market.Ledger.ToSnapshot();
                journalAtSnapshot = market.Journal.Count;
            }
        }

        CheckReplay(market, snapshot, journalAtSnapshot);
    }

    private static OrderSpec RandomSpec(Market market, string user, Step s, Dictionary<string, OrderSpec> last)
    {
        // Sometimes retry the last order (same id, same terms) or reuse its id with other terms.
        if (s.D % 23 == 0 && last.TryGetValue(user, out var previous))
        {
            return s.D % 2 == 0 ? previous : previous with { QuantityWh = previous.QuantityWh + 1 };
        }

        var tif = (s.D % 10) switch { < 7 => TimeInForce.GoodTillCancelled, < 9 => TimeInForce.ImmediateOrCancel, _ => TimeInForce.FillOrKill };
        return new OrderSpec(
            user,
            market.NextClientOrderId(),
            s.A % 2 == 0 ? Side.Buy : Side.Sell,
            1 + s.C * 3,
            95 + s.B % 11,
            tif,
            PostOnly: tif == TimeInForce.GoodTillCancelled && s.D % 7 == 0,
            ExpiresAt: s.D % 5 == 0 ? market.Now.AddSeconds(10 + s.B % 200) : null,
            SelfTradePrevention: (SelfTradePrevention)(s.A / 2 % 4));
    }

    private static void CheckPriceTimePriority(Market market, OrderSpec spec, PlaceResult result)
    {
        long? lastPrice = null;
        long lastPriority = long.MinValue;
        foreach (var trade in result.Trades)
        {
            // Never worse than the limit, best prices first, and oldest first within a price.
            Assert.True(spec.Side == Side.Buy ? trade.PriceNgweePerKwh <= spec.PriceNgweePerKwh : trade.PriceNgweePerKwh >= spec.PriceNgweePerKwh);
            if (lastPrice is { } previous)
            {
                Assert.True(spec.Side == Side.Buy ? trade.PriceNgweePerKwh >= previous : trade.PriceNgweePerKwh <= previous);
            }

            var maker = market.Ledger.Order(trade.MakerOrderId);
            if (lastPrice == trade.PriceNgweePerKwh && maker is not null)
            {
                Assert.True(maker.Priority > lastPriority, "makers at one price trade oldest first");
            }

            lastPriority = trade.PriceNgweePerKwh == lastPrice || lastPrice is null ? (maker?.Priority ?? lastPriority) : (maker?.Priority ?? long.MinValue);
            lastPrice = trade.PriceNgweePerKwh;
            Assert.NotEqual(trade.BuyerId, trade.SellerId);
        }
    }

    private static void CheckInvariants(Market market, long credited, long deposited)
    {
        var ledger = market.Ledger;

        // The book is never crossed after matching, and every level's total is its orders' sum.
        if (ledger.Bids.Best is { } bid && ledger.Asks.Best is { } ask)
        {
            Assert.True(bid.Price < ask.Price, $"crossed book: bid {bid.Price} >= ask {ask.Price}");
        }

        foreach (var side in new[] { ledger.Bids, ledger.Asks })
        {
            foreach (var level in side.Levels)
            {
                var orders = level.Orders().ToList();
                Assert.Equal(level.TotalWh, orders.Sum(o => o.RemainingWh));
                Assert.All(orders, o => Assert.True(o.IsOpen && o.Resting && o.RemainingWh > 0 && o.PriceNgweePerKwh == level.Price));
                Assert.Equal(orders.Select(o => o.Priority).Order(), orders.Select(o => o.Priority));
            }
        }

        // Fills never exceed quantities; filled means completely filled.
        foreach (var order in ledger.OpenOrders.Concat(market.Journal.OfType<OrderAccepted>().Select(a => ledger.Order(a.OrderId)).OfType<Book.BookOrder>()).Distinct())
        {
            Assert.True(order.FilledWh + order.HeldWh + order.RemainingWh <= order.QuantityWh);
            Assert.True(order.RemainingWh >= 0 && order.HeldWh >= 0 && order.FilledWh >= 0);
            if (order.Status == OrderStatus.Filled)
            {
                Assert.Equal(order.QuantityWh, order.FilledWh);
            }

            // Rounding: a buy order has paid its exact value rounded up, a sell order received it rounded down.
            Assert.Equal(order.Side == Side.Buy ? Pricing.FillPricing.CeilDiv(order.FilledValue, 1000) : order.FilledValue / 1000, order.SettledNgwee);
        }

        // No balance goes negative, and reservations are exactly what open orders and held purchases hold.
        foreach (var account in ledger.Accounts.Values.Select(a => a.View()))
        {
            Assert.True(account.EnergyAvailableWh >= 0 && account.EnergyReservedWh >= 0 && account.MoneyAvailableNgwee >= 0 && account.MoneyReservedNgwee >= 0
                        && account.MoneyWithdrawingNgwee >= 0 && account.EarningsNgwee >= 0 && account.EarningsPayingOutNgwee >= 0 && account.MoneyOwedNgwee >= 0,
                $"negative balance: {account}");
            var open = ledger.OpenOrdersOf(account.UserId).ToList();
            var heldOnClosed = ledger.Holds.Where(h => h.SellerId == account.UserId && !ledger.Order(h.OrderId)!.IsOpen).Sum(h => h.Wh);
            Assert.Equal(open.Where(o => o.Side == Side.Sell).Sum(o => o.RemainingWh + o.HeldWh) + heldOnClosed, account.EnergyReservedWh);
            Assert.Equal(open.Where(o => o.Side == Side.Buy).Sum(o => o.ReservedNgwee), account.MoneyReservedNgwee);
            Assert.Equal(open.Count, account.OpenOrders);
        }

        // Conservation: energy only comes from generation and leaves only for the wallets of household buyers; money
        // only from deposits and direct sales settled here, and leaves only by payouts (a reversed deposit leaves what
        // the user still had, and what they had spent is owed).
        var accounts = ledger.Accounts.Values.Select(a => a.View()).ToList();
        var delivered = market.Journal.OfType<DirectTradeSettled>().Where(d => d.Delivered).Sum(d => d.Wh);
        Assert.Equal(credited - delivered, accounts.Sum(a => a.EnergyAvailableWh + a.EnergyReservedWh));
        var directSales = market.Journal.OfType<DirectTradeSettled>().Where(d => !d.Delivered).Sum(d => d.AmountNgwee);
        var paidOut = accounts.Sum(a => a.WithdrawnNgwee + a.PaidOutNgwee);
        var held = accounts.Sum(a => a.MoneyAvailableNgwee + a.MoneyReservedNgwee + a.MoneyWithdrawingNgwee + a.EarningsNgwee + a.EarningsPayingOutNgwee);
        var owed = accounts.Sum(a => a.MoneyOwedNgwee);
        Assert.Equal(deposited + owed + directSales - paidOut, held + ledger.PlatformFeesNgwee + ledger.PlatformRoundingNgwee);

        // The journal's double entries sum to zero per asset and equal every live balance.
        var balances = new LedgerBalances();
        market.Journal.ForEach(balances.Add);
        Assert.Empty(balances.Differences(ledger));
    }

    private static void CheckReplay(Market market, MarketSnapshot? snapshot, int journalAtSnapshot)
    {
        var expected = Canonical(market.Ledger);

        var replayed = new MarketLedger();
        market.Journal.ForEach(replayed.Apply);
        Assert.Equal(expected, Canonical(replayed));

        if (snapshot is not null)
        {
            var restored = MarketLedger.FromSnapshot(snapshot);
            market.Journal.Skip(journalAtSnapshot).ToList().ForEach(restored.Apply);
            Assert.Equal(expected, Canonical(restored));
        }
    }

    private static string Canonical(MarketLedger ledger)
    {
        var s = ledger.ToSnapshot();
        return JsonSerializer.Serialize(new
        {
            s.Version, s.NextOrderId, s.NextTradeId, s.LastTradePrice, s.PlatformFeesNgwee, s.PlatformRoundingNgwee,
            Accounts = s.Accounts.OrderBy(a => a.UserId, StringComparer.Ordinal),
            Orders = s.Orders.OrderBy(o => o.View.OrderId),
            s.ClosedOrderQueue,
            Holds = s.Holds.OrderBy(h => h.TradeId),
            Payouts = s.Payouts.OrderBy(p => p.PayoutId),
            Bids = ledger.Bids.Levels.Select(l => l.Orders().Select(o => o.OrderId).ToList()),
            Asks = ledger.Asks.Levels.Select(l => l.Orders().Select(o => o.OrderId).ToList()),
        });
    }
}
