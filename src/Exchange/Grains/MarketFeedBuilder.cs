using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Model;

namespace Enerlectra.Exchange.Grains;

/// <summary>
/// Describes one command's events as feed items, right after the command ran (so level totals are exactly those
/// the command left): the tape, each touched price level's new total, and each order's change for its owner.
/// </summary>
public static class MarketFeedBuilder
{
    public static List<MarketFeedItem> Describe(IReadOnlyList<MarketJournalEvent> events, long firstVersion, MarketLedger ledger)
    {
        var items = new List<MarketFeedItem>();
        var touched = new HashSet<(Side, long)>();
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
                    touched.Add((rested.Side, rested.PriceNgweePerKwh));
                    break;
                case TradeExecuted t:
                    var trade = TradeView.From(t, sequence);
                    items.Add(new MarketFeedItem(sequence, MarketFeedKind.Trade, t.At, Trade: trade));
                    if (ledger.Order(t.MakerOrderId) is { } maker)
                    {
                        touched.Add((maker.Side, t.PriceNgweePerKwh));
                    }

                    Order(items, ledger, t.MakerOrderId, null, sequence, t.At, trade);
                    Order(items, ledger, t.TakerOrderId, null, sequence, t.At, trade);
                    break;
                case OrderCancelled c when ledger.Order(c.OrderId) is { } cancelled:
                    touched.Add((cancelled.Side, cancelled.PriceNgweePerKwh));
                    Order(items, ledger, c.OrderId, c.Reason == CancelReason.Expired ? "expired" : "cancelled", sequence, e.At, null);
                    break;
                case OrderAmended m when ledger.Order(m.OrderId) is { } amended:
                    // The old level and the new one: an amendment may move the order between them.
                    touched.Add((amended.Side, m.PreviousPriceNgweePerKwh));
                    touched.Add((amended.Side, m.PriceNgweePerKwh));
                    Order(items, ledger, m.OrderId, "replaced", sequence, e.At, null);
                    break;
                case DirectTradeHeld h when ledger.Order(h.OrderId) is { } held:
                    touched.Add((held.Side, held.PriceNgweePerKwh));
                    break;
                case DirectTradeReleased r when ledger.Order(r.OrderId) is { } released:
                    touched.Add((released.Side, released.PriceNgweePerKwh));
                    break;
            }
        }

        var last = firstVersion + events.Count - 1;
        var at = events.Count > 0 ? events[^1].At : default;
        foreach (var (side, price) in touched.OrderBy(t => t.Item1).ThenBy(t => t.Item2))
        {
            var level = ledger.SideOf(side).LevelAt(price);
            items.Add(new MarketFeedItem(last, MarketFeedKind.Level, at, Level: new DepthLevel(side, price, level?.TotalWh ?? 0, level?.Count ?? 0)));
        }

        return items;
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
