using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Pricing;
using Enerlectra.Exchange.Book;
using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Model;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Grains.Market;

/// <summary>
/// Household offers on the book: each is a resting sell order, so creating or cancelling one is a single journal
/// append sharing its commit with everything else the market does. The offer index and the market's event log
/// follow the journal: whatever changed an offer (a direct purchase, a bot's buy order, expiry), the offer's event is
/// logged once that change is durable.
/// </summary>
public sealed partial class MarketGrain
{
    /// <summary>
    /// The client order id of an offer's sell order. A seller who used the same id for an order of their own would
    /// only make their own offer refuse as a conflict.
    /// </summary>
    private static string OfferClientOrderId(Guid offerId) => $"offer-{offerId:N}";

    public async Task<OfferPlacement> PlaceOfferAsync(Guid offerId, CreateOfferCommand command)
    {
        var spec = new OrderSpec(command.SellerId, OfferClientOrderId(offerId), Side.Sell, command.EnergyWh, command.PricePerKwhNgwee,
            TimeInForce.GoodTillCancelled, ExpiresAt: command.ExpiresAt);
        var placement = await Book.RunAsync(e =>
        {
            if (e.Ledger.Offer(offerId) is null)
            {
                // A new offer: its rules before its energy, so a bad request is refused as such whatever the seller holds.
                OfferRules.Validate(command.EnergyWh, command.PricePerKwhNgwee, command.ExpiresAt, Now);
                var available = e.Ledger.AccountView(command.SellerId).EnergyAvailableWh;
                if (available < command.EnergyWh)
                {
                    return new OfferPlacement(null, command.EnergyWh - available);
                }
            }

            e.PlaceOffer(spec, new OfferTerms(offerId, command.AcceptsMobileMoney), Now);
            return new OfferPlacement(OfferOf(e.Ledger.Offer(offerId)!), 0);
        });
        return placement;
    }

    public Task<OfferSnapshot?> GetOfferAsync(Guid offerId) =>
        _markets.IsConfigured(MarketId)
            ? Book.RunAsync(e => e.Ledger.Offer(offerId) is { } order ? OfferOf(order) : null)
            : Task.FromResult<OfferSnapshot?>(null);

    public async Task<OfferSnapshot> CancelOfferAsync(Guid offerId, string requestedBy)
    {
        var offer = await Book.RunAsync(e =>
        {
            var order = RequireOffer(e.Ledger.Offer(offerId), offerId);
            if (!string.Equals(order.UserId, requestedBy, StringComparison.Ordinal))
            {
                throw TradingException.Denied("Only the seller can cancel this offer.");
            }

            if (order.Status == OrderStatus.Cancelled)
            {
                return OfferOf(order);
            }

            if (order.IsOpen && order.ExpiresAt <= Now)
            {
                // Past its expiry but not yet swept: it expires now (the sweep takes care of every other order).
                e.Cancel(order.UserId, order.OrderId, Now, CancelReason.Expired);
            }

            if (!order.IsOpen)
            {
                throw TradingException.Precondition($"The offer is already {StatusWords.Of(OfferOf(order).Status)}.", "offerId");
            }

            e.Cancel(order.UserId, order.OrderId, Now);
            return OfferOf(order);
        });
        return offer;
    }

    public async Task<Reservation> HoldOfferAsync(Guid offerId, Guid tradeId, string buyerId, long energyWh, PaymentMethod method)
    {
        var reservation = await Book.RunAsync(e =>
        {
            var hold = e.HoldDirect(tradeId, offerId, buyerId, energyWh, method == PaymentMethod.MobileMoney, Now);
            if (e.Ledger.Order(hold.OrderId)!.Offer!.OfferId != offerId)
            {
                throw TradingException.Conflict($"Trade {tradeId} holds energy of another offer.", "tradeId");
            }

            return new Reservation(tradeId, offerId, hold.SellerId, hold.BuyerId, hold.Wh, hold.PriceNgweePerKwh, MarketId, OnBook: true);
        });
        return reservation;
    }

    public async Task SettleOfferTradeAsync(Guid offerId, Guid tradeId)
    {
        await Book.RunAsync(e =>
        {
            if (e.Ledger.Hold(tradeId) is { } hold)
            {
                // The money was collected and is settled in the wallets; the journal records what it was, for the audit trail.
                var price = TradePricing.Price(hold.Wh, hold.PriceNgweePerKwh, _options.FeeBasisPoints);
                e.SettleDirect(tradeId, price.AmountNgwee, price.FeeNgwee, DeliveredChannel, Now, delivered: true);
            }
            else if (RequireOffer(e.Ledger.Offer(offerId), offerId).SettledTrades?.Contains(tradeId) != true)
            {
                // Released after a definite payment failure (or never held), so a success now means the provider
                // contradicted itself. Refuse loudly: an operator has to look at it.
                throw new InvalidOperationException($"Trade {tradeId} holds no energy on offer {offerId} and cannot be settled.");
            }

            return true;
        });
    }

    public async Task ReleaseOfferTradeAsync(Guid tradeId)
    {
        await Book.RunAsync(e =>
        {
            e.ReleaseDirect(tradeId, Now);
            return true;
        });
    }

    public async Task SetOfferMirrorAsync(Guid offerId, long chainOfferId)
    {
        await Book.RunAsync(e => e.MirrorOffer(offerId, chainOfferId, Now));
    }

    public async Task<bool> OfferMirrorLostAsync(Guid offerId, long chainOfferId)
    {
        var lost = await Book.RunAsync(e =>
        {
            var was = RequireOffer(e.Ledger.Offer(offerId), offerId).ChainOfferId == chainOfferId;
            e.MirrorLost(offerId, chainOfferId, Now);
            return was;
        });
        return lost;
    }

    public Task<IReadOnlyList<Guid>> GetSettledOfferTradesAsync(Guid offerId) =>
        Book.RunAsync<IReadOnlyList<Guid>>(e => [.. RequireOffer(e.Ledger.Offer(offerId), offerId).SettledTrades ?? []]);

    /// <summary>
    /// Energy held for a purchase whose trade was never recorded (the buyer's request failed between holding and
    /// saving the trade) goes back on sale; a recorded trade always ends its hold itself, by settling or releasing.
    /// </summary>
    private async Task ReleaseAbandonedHoldsAsync(DateTimeOffset cutoff)
    {
        foreach (var hold in Book.Ledger.Holds.Where(h => h.HeldAt < cutoff).ToList())
        {
            try
            {
                if (!await GrainFactory.GetGrain<IPaymentGrain>(hold.TradeId).ExistsAsync())
                {
                    _logger.LogWarning("Releasing {EnergyWh} Wh held on order {OrderId} for trade {TradeId}, which was never recorded", hold.Wh, hold.OrderId, hold.TradeId);
                    await ReleaseOfferTradeAsync(hold.TradeId);
                }
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Market {MarketId}: checking the hold of trade {TradeId} failed; retrying next sweep", MarketId, hold.TradeId);
            }
        }
    }

    /// <summary>
    /// Called once a commit is durable, with its events: every offer they touched is refreshed in the index and gets
    /// its event in the market log (written with the log's next group write).
    /// </summary>
    private void OffersChanged(IReadOnlyList<MarketJournalEvent> events)
    {
        _offersLoggedThrough = Book.DurableVersion;
        var logged = false;
        foreach (var (offer, created) in OffersTouched(events))
        {
            logged |= LogOffer(offer, created);
        }

        if (logged)
        {
            // The offer is durable in the journal, which is what an offer call waits for; the event log is written
            // in the background (many changes per write) and its events are published once written. A failed write
            // is retried with the next one, and a log left behind by a crash catches up on activation.
            _ = WriteLogQuietlyAsync();
        }
    }

    /// <summary>Each offer the events touched, as it is now, and whether they created it.</summary>
    private IEnumerable<(OfferSnapshot Offer, bool Created)> OffersTouched(IReadOnlyList<MarketJournalEvent> events)
    {
        var created = events.OfType<OrderAccepted>().Where(a => a.Offer is not null).Select(a => a.OrderId).ToHashSet();
        var touched = events.Select(e => e switch
        {
            OrderAccepted a => a.OrderId,
            TradeExecuted t => t.SellOrderId,
            OrderCancelled c => c.OrderId,
            DirectTradeHeld h => h.OrderId,
            DirectTradeSettled s => s.OrderId,
            DirectTradeReleased r => r.OrderId,
            OfferMirrored m => m.OrderId,
            OfferMirrorLost l => l.OrderId,
            _ => 0L,
        }).Where(id => id != 0);

        foreach (var orderId in touched.Distinct())
        {
            if (Book.Ledger.Order(orderId) is { Offer: not null } order)
            {
                yield return (OfferOf(order), created.Contains(orderId));
            }
        }
    }

    /// <summary>
    /// After the book is loaded: the index lists its open offers, and the event log catches up with the journal. The
    /// log is written after the journal (offer calls do not wait for it), so a crash in between can leave it behind:
    /// every offer the journal changed after the version the log records gets its event now.
    /// </summary>
    private async Task FollowBookAsync(MarketEventLogTail log, CancellationToken cancellationToken)
    {
        if (!log.Exists)
        {
            // The log starts here: until now the offers' last events were in the grain state's index.
            FollowBookFromSavedIndex();
        }
        else if (log.BookVersion < Book.DurableVersion)
        {
            var missed = new List<MarketJournalEvent>();
            await foreach (var e in Book.ReadDurableAsync(log.BookVersion, cancellationToken))
            {
                missed.Add(e);
            }

            foreach (var (offer, created) in OffersTouched(missed))
            {
                _index.Apply(offer);
                AppendOfferEvent(offer, created);
            }
        }

        foreach (var order in Book.Ledger.OpenOrders.Where(o => o.Offer is not null))
        {
            _index.Apply(OfferOf(order));
        }

        _offersLoggedThrough = Book.DurableVersion;
        if (_unwritten.Count > 0)
        {
            _ = WriteLogQuietlyAsync();
        }
    }

    /// <summary>
    /// The first activation since the log was kept apart: the saved index (from the grain state) still lists the
    /// book's offers as last logged, and each offer the journal shows differently gets its event.
    /// </summary>
    private void FollowBookFromSavedIndex()
    {
        var behind = Book.Ledger.OpenOrders.Where(o => o.Offer is not null).Select(o => o.Offer!.OfferId)
            .Concat(_index.All.Where(o => Book.Ledger.Offer(o.OfferId) is { IsOpen: false }).Select(o => o.OfferId))
            .ToList();
        foreach (var offerId in behind)
        {
            var offer = OfferOf(Book.Ledger.Offer(offerId)!);
            var listed = _index.Find(offerId);
            if (listed is null || listed with { Version = offer.Version } != offer)
            {
                LogOffer(offer, created: listed is null && offer.SoldWh == 0 && offer.PendingWh == 0);
            }
        }
    }

    private bool LogOffer(OfferSnapshot offer, bool created)
    {
        if (!_index.Apply(offer))
        {
            return false;
        }

        AppendOfferEvent(offer, created);
        return true;
    }

    private void AppendOfferEvent(OfferSnapshot offer, bool created) =>
        Append(created ? MarketEventKind.OfferCreated : MarketEventKind.OfferUpdated, offer.OfferId, null, offer.SellerId, null,
            offer.EnergyWh, offer.PricePerKwhNgwee, 0, offer.RemainingWh, StatusNames.Of(offer.Status));

    private async Task WriteLogQuietlyAsync()
    {
        if (_logWriteDue)
        {
            return;
        }

        // Gathering the changes of a short while into one append keeps a busy book from spending a commit on each.
        _logWriteDue = true;
        try
        {
            await Task.Delay(_options.MarketLogWriteDelay);
            _logWriteDue = false;
            await CommitAsync();
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Market {MarketId}: could not write the offer events yet; they go with the next write", MarketId);
        }
    }

    /// <summary>An offer as households see it: what is for sale, held for payments, sold, and returned to the seller.</summary>
    private OfferSnapshot OfferOf(BookOrder order)
    {
        var remaining = order.IsOpen ? order.RemainingWh : 0;
        var status = order.Status switch
        {
            OrderStatus.Open => OfferStatus.Open,
            OrderStatus.PartiallyFilled => OfferStatus.PartiallyFilled,
            OrderStatus.Filled => OfferStatus.Filled,
            OrderStatus.Cancelled => OfferStatus.Cancelled,
            _ => OfferStatus.Expired,
        };
        return new OfferSnapshot(
            order.Offer!.OfferId, order.UserId, MarketId, order.QuantityWh, order.PriceNgweePerKwh, order.CreatedAt,
            order.ExpiresAt ?? DateTimeOffset.MaxValue, order.Offer.AcceptsMobileMoney, status, remaining, order.HeldWh, order.FilledWh,
            order.QuantityWh - remaining - order.HeldWh - order.FilledWh, Book.Ledger.Version, order.ChainOfferId);
    }

    private static BookOrder RequireOffer(BookOrder? order, Guid offerId) =>
        order ?? throw TradingException.NotFound("offerId", $"Offer {offerId} does not exist.");

    /// <summary>A background write of the event log is already waiting to gather more changes.</summary>
    private bool _logWriteDue;

    /// <summary>The clearing channel recorded on household purchases, whose money is settled in the wallets.</summary>
    private const string DeliveredChannel = "wallets";
}
