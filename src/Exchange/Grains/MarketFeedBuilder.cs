using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Model;

namespace Enerlectra.Exchange.Grains;

/// <summary>
/// Describes one command's events as feed items, right after the command ran (so level totals are exactly those
/// the command left): the tape, each touched price level's new total, and each order's change for its owner.
/// A level's total is numbered with the last event of the command that touched it (no later event changed it), so
/// only a handful of items ever share a sequence number, however many levels one command touches (a mass cancel):
/// a feed can then be cut into stream messages between sequence numbers (<see cref="MarketFeedBatches"/>).
/// </summary>
public static class MarketFeedBuilder
{
    public static List<MarketFeedItem> Describe(IReadOnlyList<MarketJournalEvent> events, long firstVersion, MarketLedger ledger)
    {
        var items = new List<MarketFeedItem>();
        // The sequence of the last event that touched each level.
        var touched = new Dictionary<(Side, long), long>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var sequence = firstVersion + i;
            switch (e)
            {
                case OrderAccepted a:
                    Order(items, ledger, a.OrderId, "accepted", sequence, e.At, null);
                    break;
                case OrderRested r when ledger.Order(r.OrderId) is { } rested:
                    touched[(rested.Side, rested.PriceNgweePerKwh)] = sequence;
                    break;
                case TradeExecuted t:
                    var trade = TradeView.From(t, sequence);
                    items.Add(new MarketFeedItem(sequence, MarketFeedKind.Trade, t.At, Trade: trade));
                    if (ledger.Order(t.MakerOrderId) is { } maker)
                    {
                        touched[(maker.Side, t.PriceNgweePerKwh)] = sequence;
                    }

                    Order(items, ledger, t.MakerOrderId, null, sequence, t.At, trade);
                    Order(items, ledger, t.TakerOrderId, null, sequence, t.At, trade);
                    break;
                case OrderCancelled c when ledger.Order(c.OrderId) is { } cancelled:
                    touched[(cancelled.Side, cancelled.PriceNgweePerKwh)] = sequence;
                    Order(items, ledger, c.OrderId, c.Reason == CancelReason.Expired ? "expired" : "cancelled", sequence, e.At, null);
                    break;
                case OrderAmended m when ledger.Order(m.OrderId) is { } amended:
                    // The old level and the new one: an amendment may move the order between them.
                    touched[(amended.Side, m.PreviousPriceNgweePerKwh)] = sequence;
                    touched[(amended.Side, m.PriceNgweePerKwh)] = sequence;
                    Order(items, ledger, m.OrderId, "replaced", sequence, e.At, null);
                    break;
                case DirectTradeHeld h when ledger.Order(h.OrderId) is { } held:
                    touched[(held.Side, held.PriceNgweePerKwh)] = sequence;
                    break;
                case DirectTradeReleased r when ledger.Order(r.OrderId) is { } released:
                    touched[(released.Side, released.PriceNgweePerKwh)] = sequence;
                    break;
            }
        }

        if (touched.Count == 0)
        {
            return items;
        }

        // Each level after the other items of its event, in sequence order (side, then price, within one event).
        var levels = touched.OrderBy(t => t.Value).ThenBy(t => t.Key.Item1).ThenBy(t => t.Key.Item2).ToList();
        var merged = new List<MarketFeedItem>(items.Count + levels.Count);
        var next = 0;
        foreach (var ((side, price), sequence) in levels)
        {
            while (next < items.Count && items[next].Sequence <= sequence)
            {
                merged.Add(items[next++]);
            }

            var level = ledger.SideOf(side).LevelAt(price);
            merged.Add(new MarketFeedItem(sequence, MarketFeedKind.Level, events[(int)(sequence - firstVersion)].At,
                Level: new DepthLevel(side, price, level?.TotalWh ?? 0, level?.Count ?? 0)));
        }

        merged.AddRange(items.Skip(next));
        return merged;
    }

    private static void Order(List<MarketFeedItem> items, MarketLedger ledger, long orderId, string? what, long sequence, DateTimeOffset at, TradeView? fill)
    {
        if (ledger.Order(orderId) is not { } order)
        {
            return;
        }

        var view = order.View();
        var name = what ?? (view.Status == OrderStatus.Filled ? "filled" : "partially_filled");
        items.Add(new MarketFeedItem(sequence, MarketFeedKind.Order, at, Order: new OrderUpdate(order.UserId, name, view, fill)));
    }
}
