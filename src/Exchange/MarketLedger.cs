using Enerlectra.Exchange.Book;
using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Model;
using Enerlectra.Exchange.Pricing;

namespace Enerlectra.Exchange;

/// <summary>
/// A market's whole state: the book, every account's balances, direct purchases held on offers, payouts in flight.
/// It changes only through <see cref="Apply"/>, one journal event at a time, so the same journal always rebuilds
/// the same state; <see cref="MarketEngine"/> decides which events a command produces.
/// </summary>
public sealed partial class MarketLedger
{
    private readonly Dictionary<string, TradingAccount> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<long, BookOrder> _orders = [];
    private readonly Dictionary<string, HashSet<long>> _openByUser = new(StringComparer.Ordinal);
    private readonly Dictionary<(string UserId, string ClientOrderId), long> _clientOrders = [];
    private readonly Queue<long> _closed = new();
    private readonly Dictionary<Guid, long> _offers = [];
    private readonly Dictionary<Guid, DirectHold> _holds = [];
    private readonly RecentSet<Guid> _finishedDirectTrades;
    private readonly Dictionary<Guid, PendingPayout> _payouts = [];
    private readonly RecentSet<Guid> _finishedPayouts;
    private readonly RecentSet<string> _appliedReferences;

    public MarketLedger(LedgerRetention? retention = null)
    {
        Retention = retention ?? new LedgerRetention();
        _finishedDirectTrades = new RecentSet<Guid>(Retention.FinishedOperations);
        _finishedPayouts = new RecentSet<Guid>(Retention.FinishedOperations);
        _appliedReferences = new RecentSet<string>(Retention.AppliedReferences, StringComparer.Ordinal);
    }

    public LedgerRetention Retention { get; }

    public BookSide Bids { get; } = new(Side.Buy);

    public BookSide Asks { get; } = new(Side.Sell);

    /// <summary>How many events have been applied: the journal position of this state.</summary>
    public long Version { get; private set; }

    public long NextOrderId { get; private set; } = 1;

    public long NextTradeId { get; private set; } = 1;

    public long LastTradePrice { get; private set; }

    public long PlatformFeesNgwee { get; private set; }

    /// <summary>Net one-ngwee roundings kept by (positive) or given by (negative) the platform; see <see cref="FillPricing"/>.</summary>
    public long PlatformRoundingNgwee { get; private set; }

    public IReadOnlyDictionary<string, TradingAccount> Accounts => _accounts;

    public int OrderCount => _orders.Count;

    public BookSide SideOf(Side side) => side == Side.Buy ? Bids : Asks;

    public BookSide Opposite(Side side) => side == Side.Buy ? Asks : Bids;

    public TradingAccount? Account(string userId) => _accounts.GetValueOrDefault(userId);

    public AccountView AccountView(string userId) => Account(userId)?.View() ?? Model.AccountView.Empty(userId);

    public BookOrder? Order(long orderId) => _orders.GetValueOrDefault(orderId);

    public BookOrder? OrderByClientId(string userId, string clientOrderId) =>
        _clientOrders.TryGetValue((userId, clientOrderId), out var id) ? Order(id) : null;

    public BookOrder? Offer(Guid offerId) => _offers.TryGetValue(offerId, out var id) ? Order(id) : null;

    public IEnumerable<BookOrder> OpenOrdersOf(string userId) =>
        _openByUser.TryGetValue(userId, out var ids) ? ids.Select(id => _orders[id]) : [];

    public IEnumerable<BookOrder> OrdersOf(string userId) => _orders.Values.Where(o => o.UserId == userId);

    public IEnumerable<BookOrder> OpenOrders => _openByUser.Values.SelectMany(ids => ids).Select(id => _orders[id]);

    public DirectHold? Hold(Guid tradeId) => _holds.GetValueOrDefault(tradeId);

    public IEnumerable<DirectHold> Holds => _holds.Values;

    public bool IsFinishedDirectTrade(Guid tradeId) => _finishedDirectTrades.Contains(tradeId);

    public PendingPayout? Payout(Guid payoutId) => _payouts.GetValueOrDefault(payoutId);

    public bool IsFinishedPayout(Guid payoutId) => _finishedPayouts.Contains(payoutId);

    public bool IsApplied(string reference) => _appliedReferences.Contains(reference);

    public IReadOnlyList<DepthLevel> Depth(Side side, int levels) =>
        SideOf(side).Levels.Take(levels).Select(l => new DepthLevel(side, l.Price, l.TotalWh, l.Count)).ToList();

    public void Apply(MarketJournalEvent e)
    {
        Version++;
        switch (e)
        {
            case EnergyCredited credit:
                var receiver = AccountFor(credit.UserId);
                receiver.EnergyAvailableWh = checked(receiver.EnergyAvailableWh + credit.Wh);
                receiver.GeneratedWh = checked(receiver.GeneratedWh + credit.Wh);
                _appliedReferences.Add(EnergyReference(credit.UserId, credit.Reference));
                break;
            case MoneyDeposited deposit:
                var depositor = AccountFor(deposit.UserId);
                depositor.MoneyAvailableNgwee = checked(depositor.MoneyAvailableNgwee + deposit.Ngwee);
                depositor.DepositedNgwee = checked(depositor.DepositedNgwee + deposit.Ngwee);
                _appliedReferences.Add(MoneyReference(deposit.Reference));
                break;
            case DepositReversed reversed:
                var reversedFrom = AccountFor(reversed.UserId);
                reversedFrom.MoneyAvailableNgwee = checked(reversedFrom.MoneyAvailableNgwee - reversed.ReversedNgwee);
                reversedFrom.MoneyOwedNgwee = checked(reversedFrom.MoneyOwedNgwee + reversed.OwedNgwee);
                reversedFrom.DepositedNgwee = checked(reversedFrom.DepositedNgwee - reversed.ReversedNgwee - reversed.OwedNgwee);
                _appliedReferences.Add(ReversalReference(reversed.Reference));
                break;
            case PayoutRequested payout:
                ApplyPayoutRequested(payout);
                break;
            case PayoutSettled settled:
                ApplyPayoutSettled(settled);
                break;
            case OrderAccepted accepted:
                ApplyAccepted(accepted);
                break;
            case OrderRested rested:
                Rest(_orders[rested.OrderId], e.At);
                break;
            case TradeExecuted trade:
                ApplyTrade(trade);
                break;
            case OrderCancelled cancelled:
                var order = _orders[cancelled.OrderId];
                Agree(order.Side == Side.Sell ? order.RemainingWh : 0, cancelled.ReleasedWh, "energy released by a cancel", e);
                Agree(order.Side == Side.Buy ? order.ReservedNgwee : 0, cancelled.ReleasedNgwee, "money released by a cancel", e);
                order.CancelReason = cancelled.Reason;
                Close(order, cancelled.Reason == CancelReason.Expired ? OrderStatus.Expired : OrderStatus.Cancelled, e.At);
                break;
            case OrderAmended amended:
                ApplyAmended(amended);
                break;
            case DirectTradeHeld held:
                ApplyHeld(held);
                break;
            case DirectTradeSettled directSettled:
                ApplyDirectSettled(directSettled);
                break;
            case DirectTradeReleased released:
                ApplyDirectReleased(released);
                break;
            case OfferMirrored mirrored:
                _orders[mirrored.OrderId].ChainOfferId = mirrored.ChainOfferId;
                break;
            case OfferMirrorLost lost:
                Agree(_orders[lost.OrderId].ChainOfferId ?? 0, lost.ChainOfferId, "the offer's on-chain id", lost);
                _orders[lost.OrderId].ChainOfferId = null;
                break;
            default:
                throw new InvalidOperationException($"No rule applies {e.GetType().Name}.");
        }
    }

    public static string EnergyReference(string userId, string reference) => $"energy:{userId}:{reference}";

    /// <summary>
    /// Events carry the amounts they move (so the ledger can be audited from the journal alone); the state must agree.
    /// A disagreement means a bug or a damaged journal, and nothing more may be applied.
    /// </summary>
    private static void Agree(long state, long claimed, string what, MarketJournalEvent e)
    {
        if (state != claimed)
        {
            throw new InvalidOperationException($"The journal disagrees with the market's state on {what}: {claimed} in {e.GetType().Name}, {state} in the state.");
        }
    }

    public static string MoneyReference(string reference) => $"money:{reference}";

    public static string ReversalReference(string reference) => $"reversal:{reference}";

    private TradingAccount AccountFor(string userId)
    {
        if (!_accounts.TryGetValue(userId, out var account))
        {
            account = new TradingAccount(userId);
            _accounts.Add(userId, account);
        }

        return account;
    }

    private void ApplyPayoutRequested(PayoutRequested payout)
    {
        var account = AccountFor(payout.UserId);
        if (payout.Source == PayoutSource.Balance)
        {
            account.MoneyAvailableNgwee -= payout.Ngwee;
            account.MoneyWithdrawingNgwee += payout.Ngwee;
        }
        else
        {
            account.EarningsNgwee -= payout.Ngwee;
            account.EarningsPayingOutNgwee += payout.Ngwee;
        }

        _payouts.Add(payout.PayoutId, new PendingPayout(payout.PayoutId, payout.UserId, payout.Ngwee, payout.Source, payout.Channel, payout.At));
    }

    private void ApplyPayoutSettled(PayoutSettled settled)
    {
        var payout = _payouts[settled.PayoutId];
        Agree(payout.Ngwee, settled.Ngwee, "a payout's amount", settled);
        _payouts.Remove(settled.PayoutId);
        _finishedPayouts.Add(settled.PayoutId);
        var account = AccountFor(payout.UserId);
        if (payout.Source == PayoutSource.Balance)
        {
            account.MoneyWithdrawingNgwee -= payout.Ngwee;
            if (settled.Paid)
            {
                account.WithdrawnNgwee += payout.Ngwee;
            }
            else
            {
                account.MoneyAvailableNgwee += payout.Ngwee;
            }
        }
        else
        {
            account.EarningsPayingOutNgwee -= payout.Ngwee;
            if (settled.Paid)
            {
                account.PaidOutNgwee += payout.Ngwee;
            }
            else
            {
                account.EarningsNgwee += payout.Ngwee;
            }
        }
    }

    private void ApplyAccepted(OrderAccepted accepted)
    {
        var spec = accepted.Spec;
        var order = new BookOrder
        {
            OrderId = accepted.OrderId,
            UserId = spec.UserId,
            ClientOrderId = spec.ClientOrderId,
            Spec = spec,
            Side = spec.Side,
            Origin = accepted.Origin,
            Offer = accepted.Offer,
            PriceNgweePerKwh = spec.PriceNgweePerKwh,
            QuantityWh = spec.QuantityWh,
            RemainingWh = spec.QuantityWh,
            TimeInForce = spec.TimeInForce,
            PostOnly = spec.PostOnly,
            ExpiresAt = spec.ExpiresAt,
            SelfTradePrevention = accepted.SelfTradePrevention,
            CreatedAt = accepted.At,
            UpdatedAt = accepted.At,
            Status = OrderStatus.Open,
            Priority = Version,
            ReservedNgwee = accepted.ReservedNgwee,
            SettledTrades = accepted.Offer is null ? null : [],
        };
        var account = AccountFor(spec.UserId);
        if (spec.Side == Side.Sell)
        {
            account.EnergyAvailableWh -= spec.QuantityWh;
            account.EnergyReservedWh += spec.QuantityWh;
        }
        else
        {
            account.MoneyAvailableNgwee -= accepted.ReservedNgwee;
            account.MoneyReservedNgwee += accepted.ReservedNgwee;
        }

        account.OpenOrders++;
        _orders.Add(order.OrderId, order);
        OpenSet(spec.UserId).Add(order.OrderId);
        _clientOrders[(spec.UserId, spec.ClientOrderId)] = order.OrderId;
        if (accepted.Offer is { } offer)
        {
            _offers[offer.OfferId] = order.OrderId;
        }

        NextOrderId = Math.Max(NextOrderId, accepted.OrderId + 1);
    }

    private void ApplyTrade(TradeExecuted trade)
    {
        var buy = _orders[trade.BuyOrderId];
        var sell = _orders[trade.SellOrderId];
        var q = trade.QuantityWh;
        var value = q * trade.PriceNgweePerKwh;

        var buyer = AccountFor(buy.UserId);
        var seller = AccountFor(sell.UserId);

        buy.FilledValue += value;
        buy.SettledNgwee += trade.BuyerPaysNgwee;
        buy.FilledWh += q;
        buy.ReservedNgwee -= trade.BuyerPaysNgwee;
        buyer.MoneyReservedNgwee -= trade.BuyerPaysNgwee;
        buyer.EnergyAvailableWh += q;
        buyer.BoughtWh += q;
        SetRemaining(buy, buy.RemainingWh - q);

        sell.FilledValue += value;
        sell.SettledNgwee += trade.SellerGrossNgwee;
        sell.FeeExact += trade.SellerGrossNgwee * trade.SellerFeeBasisPoints;
        sell.FeeNgwee += trade.SellerFeeNgwee;
        sell.FilledWh += q;
        seller.EnergyReservedWh -= q;
        seller.SoldWh += q;
        seller.MoneyAvailableNgwee += trade.SellerGrossNgwee - trade.SellerFeeNgwee;
        SetRemaining(sell, sell.RemainingWh - q);

        PlatformFeesNgwee += trade.SellerFeeNgwee;
        PlatformRoundingNgwee += trade.RoundingNgwee;
        LastTradePrice = trade.PriceNgweePerKwh;
        NextTradeId = Math.Max(NextTradeId, trade.TradeId + 1);

        // A buy order filled below its limit holds more than it can still need: the surplus goes back at once.
        Agree(ReleaseBuySurplus(buy, buyer), trade.BuyerReleasedNgwee, "money a fill releases to the buyer", trade);
        buy.UpdatedAt = sell.UpdatedAt = trade.At;
        foreach (var order in new[] { buy, sell })
        {
            if (order.RemainingWh == 0 && order.HeldWh == 0)
            {
                Close(order, OrderStatus.Filled, trade.At);
            }
            else
            {
                order.Status = OrderStatus.PartiallyFilled;
                if (order.RemainingWh == 0 && order.Resting)
                {
                    Unrest(order);
                }
            }
        }
    }

    private void ApplyAmended(OrderAmended amended)
    {
        var order = _orders[amended.OrderId];
        var account = AccountFor(order.UserId);
        Agree(order.Side == Side.Sell ? amended.RemainingWh - order.RemainingWh : 0, amended.EnergyDeltaWh, "energy an amendment reserves", amended);
        if (order.Side == Side.Sell)
        {
            account.EnergyAvailableWh -= amended.EnergyDeltaWh;
            account.EnergyReservedWh += amended.EnergyDeltaWh;
        }
        else
        {
            account.MoneyAvailableNgwee -= amended.MoneyDeltaNgwee;
            account.MoneyReservedNgwee += amended.MoneyDeltaNgwee;
            order.ReservedNgwee += amended.MoneyDeltaNgwee;
        }

        if (amended.KeepsPriority)
        {
            SetRemaining(order, amended.RemainingWh);
        }
        else
        {
            if (order.Resting)
            {
                Unrest(order);
            }

            order.PriceNgweePerKwh = amended.PriceNgweePerKwh;
            order.RemainingWh = amended.RemainingWh;
        }

        order.QuantityWh = order.FilledWh + order.HeldWh + order.RemainingWh;
        order.UpdatedAt = amended.At;
    }

    private void ApplyHeld(DirectTradeHeld held)
    {
        var order = _orders[held.OrderId];
        SetRemaining(order, order.RemainingWh - held.Wh);
        order.HeldWh += held.Wh;
        order.Status = OrderStatus.PartiallyFilled;
        order.UpdatedAt = held.At;
        if (order.RemainingWh == 0 && order.Resting)
        {
            Unrest(order);
        }

        _holds.Add(held.TradeId, new DirectHold(held.TradeId, held.OrderId, order.UserId, held.BuyerId, held.Wh, order.PriceNgweePerKwh, held.At));
    }

    private void ApplyDirectSettled(DirectTradeSettled settled)
    {
        var hold = _holds[settled.TradeId];
        Agree(hold.Wh, settled.Wh, "the energy of a direct purchase", settled);
        _holds.Remove(settled.TradeId);
        _finishedDirectTrades.Add(settled.TradeId);
        var order = _orders[hold.OrderId];
        order.HeldWh -= hold.Wh;
        order.FilledWh += hold.Wh;
        order.UpdatedAt = settled.At;

        order.SettledTrades?.Add(settled.TradeId);
        var seller = AccountFor(hold.SellerId);
        seller.EnergyReservedWh -= hold.Wh;
        seller.SoldWh += hold.Wh;
        // The price band follows the book's own trades: a direct purchase is at the offer's fixed price and moves nothing.
        if (!settled.Delivered)
        {
            seller.EarningsNgwee += settled.AmountNgwee - settled.FeeNgwee;
            var buyer = AccountFor(hold.BuyerId);
            buyer.EnergyAvailableWh += hold.Wh;
            buyer.BoughtWh += hold.Wh;
            buyer.SpentNgwee += settled.AmountNgwee;
            PlatformFeesNgwee += settled.FeeNgwee;
        }

        if (order.IsOpen && order.RemainingWh == 0 && order.HeldWh == 0)
        {
            Close(order, OrderStatus.Filled, settled.At);
        }
    }

    private void ApplyDirectReleased(DirectTradeReleased released)
    {
        var hold = _holds[released.TradeId];
        var order = _orders[hold.OrderId];
        Agree(order.IsOpen ? 0 : hold.Wh, released.ReturnedWh, "energy a released purchase returns to the seller", released);
        _holds.Remove(released.TradeId);
        _finishedDirectTrades.Add(released.TradeId);
        order.HeldWh -= hold.Wh;
        order.UpdatedAt = released.At;
        if (order.IsOpen)
        {
            // Back on sale: a resting offer just grows; one that was sold out (held) goes through matching again
            // before it rests (see MarketEngine.ReleaseDirect), since bids may now cross its price.
            SetRemaining(order, order.RemainingWh + hold.Wh);
            if (order.FilledWh == 0 && order.HeldWh == 0)
            {
                order.Status = OrderStatus.Open;
            }
        }
        else
        {
            var seller = AccountFor(hold.SellerId);
            seller.EnergyReservedWh -= hold.Wh;
            seller.EnergyAvailableWh += hold.Wh;
        }
    }

    private void Rest(BookOrder order, DateTimeOffset at)
    {
        order.Priority = Version;
        order.Resting = true;
        order.UpdatedAt = at;
        SideOf(order.Side).Add(order);
    }

    private void Unrest(BookOrder order)
    {
        SideOf(order.Side).Remove(order);
        order.Resting = false;
    }

    private void SetRemaining(BookOrder order, long remaining)
    {
        if (order.Resting)
        {
            order.Level!.TotalWh += remaining - order.RemainingWh;
        }

        order.RemainingWh = remaining;
    }

    private static long ReleaseBuySurplus(BookOrder buy, TradingAccount buyer)
    {
        var surplus = BuySurplus(buy);
        buy.ReservedNgwee -= surplus;
        buyer.MoneyReservedNgwee -= surplus;
        buyer.MoneyAvailableNgwee += surplus;
        return surplus;
    }

    /// <summary>What a buy order holds beyond what filling its rest at its limit could cost.</summary>
    internal static long BuySurplus(BookOrder buy) =>
        Math.Max(0, buy.ReservedNgwee - FillPricing.BuyReservation(buy.FilledValue, buy.SettledNgwee, buy.RemainingWh, buy.PriceNgweePerKwh));

    private void Close(BookOrder order, OrderStatus status, DateTimeOffset at)
    {
        if (order.Resting)
        {
            Unrest(order);
        }

        var account = AccountFor(order.UserId);
        if (order.Side == Side.Sell)
        {
            account.EnergyReservedWh -= order.RemainingWh;
            account.EnergyAvailableWh += order.RemainingWh;
        }
        else
        {
            account.MoneyReservedNgwee -= order.ReservedNgwee;
            account.MoneyAvailableNgwee += order.ReservedNgwee;
            order.ReservedNgwee = 0;
        }

        order.RemainingWh = 0;
        order.Status = status;
        order.UpdatedAt = at;
        account.OpenOrders--;
        var open = OpenSet(order.UserId);
        open.Remove(order.OrderId);
        if (open.Count == 0)
        {
            _openByUser.Remove(order.UserId);
        }

        _closed.Enqueue(order.OrderId);
        ForgetOldClosedOrders();
    }

    /// <summary>Closed orders are kept for status queries and client-order-id retries, up to the retention.</summary>
    private void ForgetOldClosedOrders()
    {
        var checks = _closed.Count;
        while (_closed.Count > Retention.ClosedOrders && checks-- > 0)
        {
            var id = _closed.Dequeue();
            var order = _orders[id];
            if (order.HeldWh > 0)
            {
                // A direct purchase still refers to it: keep it until that is settled.
                _closed.Enqueue(id);
                continue;
            }

            _orders.Remove(id);
            if (_clientOrders.TryGetValue((order.UserId, order.ClientOrderId), out var mapped) && mapped == id)
            {
                _clientOrders.Remove((order.UserId, order.ClientOrderId));
            }

            if (order.Offer is { } offer && _offers.TryGetValue(offer.OfferId, out var offerOrder) && offerOrder == id)
            {
                _offers.Remove(offer.OfferId);
            }
        }
    }

    private HashSet<long> OpenSet(string userId)
    {
        if (!_openByUser.TryGetValue(userId, out var set))
        {
            set = [];
            _openByUser.Add(userId, set);
        }

        return set;
    }
}

/// <summary>How much history a market keeps in memory (and in its snapshots) beyond what is open.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.LedgerRetention")]
public sealed record LedgerRetention(
    [property: Id(0)] int ClosedOrders = 100_000,
    [property: Id(1)] int FinishedOperations = 100_000,
    [property: Id(2)] int AppliedReferences = 200_000);

/// <summary>Energy of an offer held for a direct purchase until its payment is definite.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.DirectHold")]
public sealed record DirectHold(
    [property: Id(0)] Guid TradeId,
    [property: Id(1)] long OrderId,
    [property: Id(2)] string SellerId,
    [property: Id(3)] string BuyerId,
    [property: Id(4)] long Wh,
    [property: Id(5)] long PriceNgweePerKwh,
    [property: Id(6)] DateTimeOffset HeldAt);

/// <summary>Money on its way to a user's phone.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.PendingPayout")]
public sealed record PendingPayout(
    [property: Id(0)] Guid PayoutId,
    [property: Id(1)] string UserId,
    [property: Id(2)] long Ngwee,
    [property: Id(3)] PayoutSource Source,
    [property: Id(4)] string Channel,
    [property: Id(5)] DateTimeOffset RequestedAt);
