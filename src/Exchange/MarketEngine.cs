using Enerlectra.Abstractions.Errors;
using Enerlectra.Exchange.Book;
using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Model;
using Enerlectra.Exchange.Pricing;

namespace Enerlectra.Exchange;

/// <summary>
/// Turns commands into journal events: every check first (a refused command raises nothing and changes nothing),
/// then each event is applied to the ledger at once, so matching always sees the book as it now is. Continuous
/// price-time priority: an incoming order trades with the best opposite price first, oldest order first at each
/// price, at the resting order's price. The caller takes the raised events with <see cref="TakeEvents"/> and makes
/// them durable before acknowledging anything.
/// </summary>
public sealed class MarketEngine(MarketLedger ledger, MarketRules rules)
{
    private readonly List<MarketJournalEvent> _raised = [];

    public MarketLedger Ledger { get; } = ledger;

    public MarketRules Rules { get; } = rules;

    /// <summary>The events raised since the last call, in order.</summary>
    public List<MarketJournalEvent> TakeEvents()
    {
        var events = new List<MarketJournalEvent>(_raised);
        _raised.Clear();
        return events;
    }

    public int PendingEvents => _raised.Count;

    // ---- Orders -------------------------------------------------------------------------------------------------

    /// <summary>Places an order (or returns the one this client order id already placed with the same terms).</summary>
    public PlaceResult Place(OrderSpec spec, DateTimeOffset now) => Place(spec, now, OrderOrigin.Order, null);

    /// <summary>A household offer: a resting sell order that can also be bought directly (see <see cref="HoldDirect"/>).</summary>
    public PlaceResult PlaceOffer(OrderSpec spec, OfferTerms offer, DateTimeOffset now)
    {
        if (spec.Side != Side.Sell || spec.TimeInForce != TimeInForce.GoodTillCancelled)
        {
            throw new ArgumentException("An offer is a good-till-cancelled sell order.", nameof(spec));
        }

        if (Ledger.Offer(offer.OfferId) is { } existing)
        {
            if (existing.Spec != spec || existing.Offer != offer)
            {
                throw TradingException.Conflict("An offer with this id already exists with different terms.", "offerId");
            }

            return new PlaceResult(existing.View(), [], Replayed: true);
        }

        return Place(spec, now, OrderOrigin.Offer, offer);
    }

    private PlaceResult Place(OrderSpec spec, DateTimeOffset now, OrderOrigin origin, OfferTerms? offer)
    {
        if (Ledger.OrderByClientId(spec.UserId, spec.ClientOrderId) is { } known)
        {
            if (known.Spec != spec)
            {
                throw TradingException.Conflict(
                    $"Client order id '{spec.ClientOrderId}' was already used for a different order ({known.OrderId}).", "clientOrderId");
            }

            return new PlaceResult(known.View(), [], Replayed: true);
        }

        // A household offer is checked against the offer rules instead: it has no last trade of its own to be near.
        Validate(spec, now, priceBand: origin == OrderOrigin.Order);
        var account = Ledger.AccountView(spec.UserId);
        if (account.OpenOrders >= Rules.MaxOpenOrdersPerUser)
        {
            throw TradingException.Exhausted(
                $"You have {account.OpenOrders} open orders, the most this market allows; cancel some first.", "clientOrderId");
        }

        long reserved = 0;
        if (spec.Side == Side.Sell)
        {
            if (account.EnergyAvailableWh < spec.QuantityWh)
            {
                throw TradingException.Precondition(
                    $"Not enough energy: {account.EnergyAvailableWh} Wh available, {spec.QuantityWh} Wh to sell.", "quantityWh");
            }
        }
        else
        {
            reserved = FillPricing.BuyReservation(0, 0, spec.QuantityWh, spec.PriceNgweePerKwh);
            if (account.MoneyAvailableNgwee < reserved)
            {
                throw TradingException.Precondition(
                    $"Not enough money: {Kwacha(account.MoneyAvailableNgwee)} available, this order needs {Kwacha(reserved)}.", "quantityWh");
            }
        }

        var stp = Rules.Resolve(spec.SelfTradePrevention);
        if (spec.PostOnly && CrossesBook(spec.Side, spec.PriceNgweePerKwh))
        {
            throw TradingException.Precondition(
                "A post-only order must not trade on arrival, and this price would trade with the book.", "priceNgweePerKwh");
        }

        if (spec.TimeInForce == TimeInForce.FillOrKill && FillableAtOnce(spec.UserId, spec.Side, spec.PriceNgweePerKwh, stp, now) < spec.QuantityWh)
        {
            throw TradingException.Precondition(
                $"Fill-or-kill: the book cannot fill all {spec.QuantityWh} Wh at {spec.PriceNgweePerKwh} ngwee/kWh or better right now.", "quantityWh");
        }

        var orderId = Ledger.NextOrderId;
        Raise(new OrderAccepted(now, orderId, spec, stp, reserved, origin, offer));
        var sequences = new List<long>();
        var trades = Match(Ledger.Order(orderId)!, now, sequences);
        Finish(Ledger.Order(orderId)!, now);
        return new PlaceResult(Ledger.Order(orderId)!.View(), trades, Replayed: false, sequences);
    }

    /// <summary>Cancels one of the user's own open orders. Cancelling a closed one returns it as it is.</summary>
    public OrderView Cancel(string userId, long orderId, DateTimeOffset now, CancelReason reason = CancelReason.Requested)
    {
        var order = OwnOrder(userId, orderId);
        if (order.IsOpen)
        {
            RaiseCancel(order, reason, now);
        }

        return order.View();
    }

    /// <summary>Cancels every open order of the user (offers too, when <paramref name="includeOffers"/>).</summary>
    public IReadOnlyList<OrderView> CancelAll(string userId, DateTimeOffset now, CancelReason reason = CancelReason.Requested, bool includeOffers = false)
    {
        var open = Ledger.OpenOrdersOf(userId).Where(o => includeOffers || o.Origin == OrderOrigin.Order).OrderBy(o => o.OrderId).ToList();
        foreach (var order in open)
        {
            RaiseCancel(order, reason, now);
        }

        return open.Select(o => o.View()).ToList();
    }

    /// <summary>
    /// Changes an open order's price and/or remaining size. Only a smaller size at the same price keeps the order's
    /// place in the queue; anything else takes it out and puts it through matching again as if new.
    /// </summary>
    public PlaceResult Amend(string userId, long orderId, long? newPrice, long? newRemainingWh, DateTimeOffset now)
    {
        var order = OwnOrder(userId, orderId);
        if (!order.IsOpen)
        {
            throw TradingException.Precondition($"Order {orderId} is {order.Status.Words()} and can no longer be changed.", "orderId");
        }

        if (order.Origin == OrderOrigin.Offer)
        {
            throw TradingException.Precondition("Offers cannot be amended; cancel the offer and create a new one.", "orderId");
        }

        var price = newPrice ?? order.PriceNgweePerKwh;
        var remaining = newRemainingWh ?? order.RemainingWh;
        if (price < 1 || price > Rules.MaxPriceNgweePerKwh)
        {
            throw TradingException.Invalid("priceNgweePerKwh", $"priceNgweePerKwh must be from 1 to {Rules.MaxPriceNgweePerKwh}.");
        }

        if (remaining < Rules.MinQuantityWh || remaining > Rules.MaxQuantityWh)
        {
            throw TradingException.Invalid("quantityWh", $"The remaining quantity must be from {Rules.MinQuantityWh} to {Rules.MaxQuantityWh} Wh.");
        }

        if (price == order.PriceNgweePerKwh && remaining == order.RemainingWh)
        {
            return new PlaceResult(order.View(), [], Replayed: true);
        }

        CheckPriceBand(price);
        var keepsPriority = price == order.PriceNgweePerKwh && remaining < order.RemainingWh;
        var account = Ledger.AccountView(userId);
        long reserved = 0;
        if (order.Side == Side.Sell)
        {
            var extra = remaining - order.RemainingWh;
            if (extra > account.EnergyAvailableWh)
            {
                throw TradingException.Precondition(
                    $"Not enough energy: {account.EnergyAvailableWh} Wh available, {extra} Wh more needed.", "quantityWh");
            }
        }
        else
        {
            reserved = FillPricing.BuyReservation(order.FilledValue, order.SettledNgwee, remaining, price);
            if (reserved - order.ReservedNgwee > account.MoneyAvailableNgwee)
            {
                throw TradingException.Precondition(
                    $"Not enough money: {Kwacha(account.MoneyAvailableNgwee)} available, {Kwacha(reserved - order.ReservedNgwee)} more needed.", "quantityWh");
            }
        }

        if (!keepsPriority && order.PostOnly && CrossesBook(order.Side, price, exceptOrder: order.OrderId))
        {
            throw TradingException.Precondition("A post-only order must not trade, and this price would trade with the book.", "priceNgweePerKwh");
        }

        Raise(new OrderAmended(now, order.OrderId, price, remaining, keepsPriority, userId,
            order.Side == Side.Sell ? remaining - order.RemainingWh : 0,
            order.Side == Side.Buy ? reserved - order.ReservedNgwee : 0, order.PriceNgweePerKwh));
        if (keepsPriority)
        {
            return new PlaceResult(order.View(), [], Replayed: false);
        }

        var sequences = new List<long>();
        var trades = Match(order, now, sequences);
        Finish(order, now);
        return new PlaceResult(order.View(), trades, Replayed: false, sequences);
    }

    /// <summary>Cancels every open order whose expiry time has come. Returns how many.</summary>
    public int ExpireDue(DateTimeOffset now)
    {
        var due = Ledger.OpenOrders.Where(o => o.ExpiresAt <= now).OrderBy(o => o.OrderId).ToList();
        foreach (var order in due)
        {
            RaiseCancel(order, CancelReason.Expired, now);
        }

        return due.Count;
    }

    // ---- Money and energy in and out ------------------------------------------------------------------------------

    /// <summary>Credits metered generation once per (user, reference). Returns false when it was already credited.</summary>
    public bool CreditEnergy(string userId, long wh, string reference, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wh);
        if (Ledger.IsApplied(MarketLedger.EnergyReference(userId, reference)))
        {
            return false;
        }

        Raise(new EnergyCredited(now, userId, wh, reference));
        return true;
    }

    /// <summary>Credits collected money once per reference. Returns false when it was already credited.</summary>
    public bool Deposit(string userId, long ngwee, string reference, string channel, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ngwee);
        if (Ledger.IsApplied(MarketLedger.MoneyReference(reference)))
        {
            return false;
        }

        Raise(new MoneyDeposited(now, userId, ngwee, reference, channel));
        return true;
    }

    /// <summary>
    /// Takes back a credited deposit that was never collected after all (a chain reorganisation took its collection
    /// away and it could not be taken again). The user's buy orders are cancelled first, since that money may be the
    /// deposit's; then as much as the user has available is taken back and the rest is recorded as owed. Once per
    /// reference; null when there is nothing (more) to reverse.
    /// </summary>
    public DepositReversed? ReverseDeposit(string userId, string reference, long ngwee, string channel, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ngwee);
        if (Ledger.IsApplied(MarketLedger.ReversalReference(reference)) || !Ledger.IsApplied(MarketLedger.MoneyReference(reference)))
        {
            return null;
        }

        foreach (var order in Ledger.OpenOrdersOf(userId).Where(o => o.Side == Side.Buy).OrderBy(o => o.OrderId).ToList())
        {
            RaiseCancel(order, CancelReason.DepositReversed, now);
        }

        var reversed = Math.Min(ngwee, Ledger.AccountView(userId).MoneyAvailableNgwee);
        var reversal = new DepositReversed(now, userId, reference, reversed, ngwee - reversed, channel);
        Raise(reversal);
        return reversal;
    }

    /// <summary>Holds money for a payout to the user's phone. Idempotent by payout id.</summary>
    public PendingPayout RequestPayout(string userId, Guid payoutId, long ngwee, PayoutSource source, string channel, DateTimeOffset now)
    {
        if (Ledger.Payout(payoutId) is { } pending)
        {
            return pending;
        }

        if (Ledger.IsFinishedPayout(payoutId))
        {
            throw TradingException.Conflict($"Payout {payoutId} was already settled.", "payoutId");
        }

        if (ngwee <= 0)
        {
            throw TradingException.Invalid("amountNgwee", "amountNgwee must be greater than zero.");
        }

        var account = Ledger.AccountView(userId);
        if (account.MoneyOwedNgwee > 0)
        {
            throw TradingException.Precondition(
                $"Nothing can be paid out while {Kwacha(account.MoneyOwedNgwee)} is owed for a deposit that was reversed; please contact support.",
                "amountNgwee");
        }

        var available = source == PayoutSource.Balance ? account.MoneyAvailableNgwee : account.EarningsNgwee;
        if (available < ngwee)
        {
            throw TradingException.Precondition(
                $"Not enough money: {Kwacha(available)} available to {(source == PayoutSource.Balance ? "withdraw" : "pay out")}, {Kwacha(ngwee)} requested.",
                "amountNgwee");
        }

        Raise(new PayoutRequested(now, userId, payoutId, ngwee, source, channel));
        return Ledger.Payout(payoutId)!;
    }

    /// <summary>The provider's definite answer about a payout. Idempotent.</summary>
    public void SettlePayout(Guid payoutId, bool paid, DateTimeOffset now)
    {
        if (Ledger.Payout(payoutId) is null)
        {
            if (Ledger.IsFinishedPayout(payoutId))
            {
                return;
            }

            throw TradingException.NotFound("payoutId", $"Payout {payoutId} is not pending in this market.");
        }

        var payout = Ledger.Payout(payoutId)!;
        Raise(new PayoutSettled(now, payoutId, paid, payout.UserId, payout.Ngwee, payout.Source, payout.Channel));
    }

    // ---- Direct purchases of offers (paid by mobile money or a wallet) --------------------------------------------

    /// <summary>
    /// Holds <paramref name="wh"/> (0: everything left) of an offer for a buyer who pays outside the book. Idempotent
    /// by trade id: a retry returns the existing hold.
    /// </summary>
    public DirectHold HoldDirect(Guid tradeId, Guid offerId, string buyerId, long wh, bool mobileMoney, DateTimeOffset now)
    {
        if (Ledger.Hold(tradeId) is { } existing)
        {
            return existing;
        }

        if (Ledger.IsFinishedDirectTrade(tradeId))
        {
            throw TradingException.Conflict($"Trade {tradeId} is already finished.", "tradeId");
        }

        var order = Ledger.Offer(offerId) ?? throw TradingException.NotFound("offerId", $"Offer {offerId} does not exist.");
        if (string.Equals(buyerId, order.UserId, StringComparison.Ordinal))
        {
            throw TradingException.Precondition("You cannot buy your own offer.", "offerId");
        }

        if (mobileMoney && order.Offer is { AcceptsMobileMoney: false })
        {
            throw TradingException.Precondition("This offer does not accept mobile money.", "paymentMethod");
        }

        if (wh < 0)
        {
            throw TradingException.Invalid("energyWh", "energyWh cannot be negative (0 buys everything that remains).");
        }

        if (order.IsOpen && order.ExpiresAt <= now)
        {
            RaiseCancel(order, CancelReason.Expired, now);
        }

        if (order.IsOpen && order.RemainingWh == 0)
        {
            // Still open, but all that is left is held for other buyers' payments: it may come back if one fails.
            throw TradingException.Precondition(
                "Everything left on this offer is being paid for by other buyers right now. Try again in a moment, or choose another offer.", "offerId");
        }

        if (!order.IsOpen)
        {
            throw TradingException.Precondition($"The offer is no longer for sale (it is {order.Status.Words()}).", "offerId");
        }

        var wanted = wh == 0 ? order.RemainingWh : wh;
        if (wanted > order.RemainingWh)
        {
            throw TradingException.Precondition($"Only {order.RemainingWh} Wh remain on this offer; {wanted} Wh requested.", "energyWh");
        }

        Raise(new DirectTradeHeld(now, tradeId, order.OrderId, buyerId, wanted));
        return Ledger.Hold(tradeId)!;
    }

    /// <summary>
    /// The direct purchase is paid: settle it. Idempotent (settling a settled trade does nothing). When
    /// <paramref name="delivered"/>, the buyer's energy and the seller's earnings are settled in their wallets (a
    /// household purchase) and only the held energy leaves the market.
    /// </summary>
    public void SettleDirect(Guid tradeId, long amountNgwee, long feeNgwee, string channel, DateTimeOffset now, bool delivered = false)
    {
        if (Ledger.Hold(tradeId) is null)
        {
            if (Ledger.IsFinishedDirectTrade(tradeId))
            {
                return;
            }

            throw TradingException.NotFound("tradeId", $"Trade {tradeId} holds nothing in this market.");
        }

        if (amountNgwee < 0 || feeNgwee < 0 || feeNgwee > amountNgwee)
        {
            throw new ArgumentOutOfRangeException(nameof(feeNgwee), "The fee is part of the amount.");
        }

        var hold = Ledger.Hold(tradeId)!;
        Raise(new DirectTradeSettled(now, tradeId, amountNgwee, feeNgwee, channel, hold.SellerId, hold.BuyerId, hold.Wh, hold.OrderId, delivered));
    }

    /// <summary>The direct purchase's payment definitely failed: release its hold. Idempotent.</summary>
    public void ReleaseDirect(Guid tradeId, DateTimeOffset now)
    {
        if (Ledger.Hold(tradeId) is not { } hold)
        {
            return;
        }

        var order = Ledger.Order(hold.OrderId)!;
        if (order.IsOpen && order.ExpiresAt <= now)
        {
            RaiseCancel(order, CancelReason.Expired, now);
        }

        Raise(new DirectTradeReleased(now, tradeId, hold.SellerId, order.IsOpen ? 0 : hold.Wh, hold.OrderId));
        if (order.IsOpen && !order.Resting)
        {
            Match(order, now);
            Finish(order, now);
        }
    }

    /// <summary>Records the offer's on-chain id once it is mirrored; the same id again changes nothing.</summary>
    public OrderView MirrorOffer(Guid offerId, long chainOfferId, DateTimeOffset now)
    {
        var order = Ledger.Offer(offerId) ?? throw TradingException.NotFound("offerId", $"Offer {offerId} does not exist.");
        if (order.ChainOfferId is { } existing)
        {
            return existing == chainOfferId
                ? order.View()
                : throw new InvalidOperationException($"Offer {offerId} is already on-chain as {existing}, not {chainOfferId}.");
        }

        Raise(new OfferMirrored(now, order.OrderId, chainOfferId));
        return order.View();
    }

    /// <summary>
    /// A reorganisation took the offer's mirror away: <paramref name="chainOfferId"/> is no longer its number on-chain.
    /// Anything else (another number, or none) is a report about an older mirror and changes nothing.
    /// </summary>
    public OrderView MirrorLost(Guid offerId, long chainOfferId, DateTimeOffset now)
    {
        var order = Ledger.Offer(offerId) ?? throw TradingException.NotFound("offerId", $"Offer {offerId} does not exist.");
        if (order.ChainOfferId == chainOfferId)
        {
            Raise(new OfferMirrorLost(now, order.OrderId, chainOfferId));
        }

        return order.View();
    }

    // ---- Matching -------------------------------------------------------------------------------------------------

    private List<TradeExecuted> Match(BookOrder incoming, DateTimeOffset now) => Match(incoming, now, []);

    private List<TradeExecuted> Match(BookOrder incoming, DateTimeOffset now, List<long> sequences)
    {
        var trades = new List<TradeExecuted>();
        var book = Ledger.Opposite(incoming.Side);
        while (incoming.RemainingWh > 0 && incoming.IsOpen)
        {
            var level = book.Best;
            if (level is null || !book.Crosses(level, incoming.PriceNgweePerKwh))
            {
                break;
            }

            var maker = level.Head!;
            if (maker.ExpiresAt <= now)
            {
                RaiseCancel(maker, CancelReason.Expired, now);
                continue;
            }

            if (maker.UserId == incoming.UserId)
            {
                switch (incoming.SelfTradePrevention)
                {
                    case SelfTradePrevention.CancelIncoming:
                        RaiseCancel(incoming, CancelReason.SelfTrade, now);
                        return trades;
                    case SelfTradePrevention.CancelBoth:
                        RaiseCancel(maker, CancelReason.SelfTrade, now);
                        RaiseCancel(incoming, CancelReason.SelfTrade, now);
                        return trades;
                    default:
                        RaiseCancel(maker, CancelReason.SelfTrade, now);
                        continue;
                }
            }

            var quantity = Math.Min(incoming.RemainingWh, maker.RemainingWh);
            var (buy, sell) = incoming.Side == Side.Buy ? (incoming, maker) : (maker, incoming);
            var feeBps = sell == maker ? Rules.MakerFeeBasisPoints : Rules.TakerFeeBasisPoints;
            var (pays, gross, fee) = FillPricing.Fill(buy, sell, quantity, maker.PriceNgweePerKwh, feeBps);
            var released = BuyerReleaseAfter(buy, quantity, maker.PriceNgweePerKwh, pays);
            var trade = new TradeExecuted(now, Ledger.NextTradeId, maker.OrderId, incoming.OrderId, buy.OrderId, sell.OrderId,
                quantity, maker.PriceNgweePerKwh, pays, gross, fee, feeBps, buy.UserId, sell.UserId, released);
            Raise(trade);
            trades.Add(trade);
            sequences.Add(Ledger.Version);
        }

        return trades;
    }

    /// <summary>After matching: the rest of a GTC order rests; the rest of an IOC order is cancelled.</summary>
    private void Finish(BookOrder order, DateTimeOffset now)
    {
        if (!order.IsOpen || order.RemainingWh == 0 || order.Resting)
        {
            return;
        }

        if (order.TimeInForce == TimeInForce.GoodTillCancelled)
        {
            Raise(new OrderRested(now, order.OrderId));
        }
        else
        {
            RaiseCancel(order, CancelReason.ImmediateOrCancelRemainder, now);
        }
    }

    private bool CrossesBook(Side side, long price, long? exceptOrder = null)
    {
        var book = Ledger.Opposite(side);
        foreach (var level in book.Levels)
        {
            if (!book.Crosses(level, price))
            {
                return false;
            }

            if (level.Orders().Any(o => o.OrderId != exceptOrder))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How much an order could fill on arrival, given self-trade prevention and expired resting orders.</summary>
    private long FillableAtOnce(string userId, Side side, long price, SelfTradePrevention stp, DateTimeOffset now)
    {
        var book = Ledger.Opposite(side);
        long total = 0;
        foreach (var level in book.Levels)
        {
            if (!book.Crosses(level, price))
            {
                break;
            }

            foreach (var resting in level.Orders())
            {
                if (resting.ExpiresAt <= now)
                {
                    continue;
                }

                if (resting.UserId == userId)
                {
                    if (stp == SelfTradePrevention.CancelResting)
                    {
                        continue;
                    }

                    return total;
                }

                total += resting.RemainingWh;
            }
        }

        return total;
    }

    private void Validate(OrderSpec spec, DateTimeOffset now, bool priceBand)
    {
        if (string.IsNullOrEmpty(spec.ClientOrderId) || spec.ClientOrderId.Length > Rules.MaxClientOrderIdLength
            || spec.ClientOrderId.Any(c => c < '!' || c > '~'))
        {
            throw TradingException.Invalid("clientOrderId", $"clientOrderId must be 1-{Rules.MaxClientOrderIdLength} printable ASCII characters without spaces.");
        }

        if (spec.QuantityWh < Rules.MinQuantityWh || spec.QuantityWh > Rules.MaxQuantityWh)
        {
            throw TradingException.Invalid("quantityWh", $"quantityWh must be from {Rules.MinQuantityWh} to {Rules.MaxQuantityWh} Wh; got {spec.QuantityWh}.");
        }

        if (spec.PriceNgweePerKwh < 1 || spec.PriceNgweePerKwh > Rules.MaxPriceNgweePerKwh)
        {
            throw TradingException.Invalid("priceNgweePerKwh", $"priceNgweePerKwh must be from 1 to {Rules.MaxPriceNgweePerKwh}; got {spec.PriceNgweePerKwh}.");
        }

        if (!Enum.IsDefined(spec.Side))
        {
            throw TradingException.Invalid("side", "side must be \"buy\" or \"sell\".");
        }

        if (!Enum.IsDefined(spec.TimeInForce))
        {
            throw TradingException.Invalid("timeInForce", "timeInForce must be \"gtc\", \"ioc\" or \"fok\".");
        }

        if (!Enum.IsDefined(spec.SelfTradePrevention))
        {
            throw TradingException.Invalid("selfTradePrevention", "selfTradePrevention must be \"cancel_resting\", \"cancel_incoming\" or \"cancel_both\".");
        }

        if (spec.PostOnly && spec.TimeInForce != TimeInForce.GoodTillCancelled)
        {
            throw TradingException.Invalid("postOnly", "A post-only order rests in the book, so its timeInForce must be gtc.");
        }

        if (spec.ExpiresAt is { } expiry)
        {
            if (expiry <= now)
            {
                throw TradingException.Invalid("expiresAt", "expiresAt must be in the future.");
            }

            if (expiry - now > Rules.MaxOrderLifetime)
            {
                throw TradingException.Invalid("expiresAt", $"expiresAt must be at most {Rules.MaxOrderLifetime.TotalDays:0} days from now.");
            }
        }

        if (priceBand)
        {
            CheckPriceBand(spec.PriceNgweePerKwh);
        }
    }

    private void CheckPriceBand(long price)
    {
        var last = Ledger.LastTradePrice;
        if (last <= 0 || Rules.PriceBandBasisPoints <= 0)
        {
            return;
        }

        var width = last * Rules.PriceBandBasisPoints / 10_000;
        var (low, high) = (Math.Max(1, last - width), last + width);
        if (price < low || price > high)
        {
            throw TradingException.Invalid("priceNgweePerKwh",
                $"priceNgweePerKwh {price} is outside this market's price band: {low} to {high} ngwee/kWh " +
                $"({Rules.PriceBandBasisPoints / 100}.{Rules.PriceBandBasisPoints % 100:D2}% around the last trade at {last}).");
        }
    }

    private BookOrder OwnOrder(string userId, long orderId)
    {
        var order = Ledger.Order(orderId);
        // Another user's order is "not found": ids of other people's orders reveal nothing.
        if (order is null || !string.Equals(order.UserId, userId, StringComparison.Ordinal))
        {
            throw TradingException.NotFound("orderId", $"Order {orderId} was not found among your orders.");
        }

        return order;
    }

    private void RaiseCancel(BookOrder order, CancelReason reason, DateTimeOffset now) =>
        Raise(new OrderCancelled(now, order.OrderId, reason, order.UserId,
            order.Side == Side.Sell ? order.RemainingWh : 0,
            order.Side == Side.Buy ? order.ReservedNgwee : 0));

    /// <summary>What a buy order gives back after paying <paramref name="pays"/> for a fill below its limit.</summary>
    private static long BuyerReleaseAfter(BookOrder buy, long quantity, long price, long pays)
    {
        var reservedAfter = buy.ReservedNgwee - pays;
        var needed = FillPricing.BuyReservation(buy.FilledValue + quantity * price, buy.SettledNgwee + pays, buy.RemainingWh - quantity, buy.PriceNgweePerKwh);
        return Math.Max(0, reservedAfter - needed);
    }

    private void Raise(MarketJournalEvent e)
    {
        Ledger.Apply(e);
        _raised.Add(e);
    }

    private static string Kwacha(long ngwee) => Abstractions.Limits.PaymentLimits.Kwacha(ngwee);
}

/// <summary>
/// An order after a command, and the trades the command made with it (with each trade's journal version, in
/// <see cref="TradeSequences"/>).
/// </summary>
public sealed record PlaceResult(OrderView Order, IReadOnlyList<TradeExecuted> Trades, bool Replayed, IReadOnlyList<long>? TradeSequences = null)
{
    public IReadOnlyList<long> TradeSequences { get; init; } = TradeSequences ?? [];
}
