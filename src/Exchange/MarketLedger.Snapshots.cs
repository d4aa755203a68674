using Enerlectra.Exchange.Book;
using Enerlectra.Exchange.Model;

namespace Enerlectra.Exchange;

public sealed partial class MarketLedger
{
    public MarketSnapshot ToSnapshot() => new(
        Version, NextOrderId, NextTradeId, LastTradePrice, PlatformFeesNgwee, PlatformRoundingNgwee,
        _accounts.Values.Select(a => a.View()).ToList(),
        _orders.Values.Select(o => new OrderState(o.View(), o.Spec, o.Priority, o.Resting, o.FilledValue, o.FeeExact, o.ReservedNgwee, o.SettledTrades?.ToList())).ToList(),
        _closed.ToList(),
        _holds.Values.ToList(),
        _finishedDirectTrades.InOrder.ToList(),
        _payouts.Values.ToList(),
        _finishedPayouts.InOrder.ToList(),
        _appliedReferences.InOrder.ToList());

    public static MarketLedger FromSnapshot(MarketSnapshot snapshot, LedgerRetention? retention = null)
    {
        var ledger = new MarketLedger(retention)
        {
            Version = snapshot.Version,
            NextOrderId = snapshot.NextOrderId,
            NextTradeId = snapshot.NextTradeId,
            LastTradePrice = snapshot.LastTradePrice,
            PlatformFeesNgwee = snapshot.PlatformFeesNgwee,
            PlatformRoundingNgwee = snapshot.PlatformRoundingNgwee,
        };
        foreach (var account in snapshot.Accounts)
        {
            ledger._accounts.Add(account.UserId, TradingAccount.From(account));
        }

        foreach (var state in snapshot.Orders)
        {
            var v = state.View;
            var order = new BookOrder
            {
                OrderId = v.OrderId,
                UserId = v.UserId,
                ClientOrderId = v.ClientOrderId,
                Spec = state.Spec,
                Side = v.Side,
                Origin = v.Origin,
                Offer = v.Offer,
                PriceNgweePerKwh = v.PriceNgweePerKwh,
                QuantityWh = v.QuantityWh,
                RemainingWh = v.RemainingWh,
                HeldWh = v.HeldWh,
                FilledWh = v.FilledWh,
                TimeInForce = v.TimeInForce,
                PostOnly = v.PostOnly,
                ExpiresAt = v.ExpiresAt,
                SelfTradePrevention = v.SelfTradePrevention,
                CreatedAt = v.CreatedAt,
                UpdatedAt = v.UpdatedAt,
                Status = v.Status,
                CancelReason = v.CancelReason,
                Priority = state.Priority,
                FilledValue = state.FilledValue,
                SettledNgwee = v.SettledNgwee,
                FeeNgwee = v.FeeNgwee,
                FeeExact = state.FeeExact,
                ReservedNgwee = state.ReservedNgwee,
                ChainOfferId = v.ChainOfferId,
                SettledTrades = v.Offer is null ? null : [.. state.SettledTrades ?? []],
            };
            ledger._orders.Add(order.OrderId, order);
            if (order.IsOpen)
            {
                ledger.OpenSet(order.UserId).Add(order.OrderId);
            }

            ledger._clientOrders[(order.UserId, order.ClientOrderId)] = order.OrderId;
            if (order.Offer is { } offer)
            {
                ledger._offers[offer.OfferId] = order.OrderId;
            }
        }

        // Each level's queue is rebuilt in time-priority order.
        var resting = snapshot.Orders.Where(o => o.Resting).Select(o => o.View.OrderId).ToHashSet();
        foreach (var order in ledger._orders.Values.Where(o => resting.Contains(o.OrderId)).OrderBy(o => o.Priority))
        {
            order.Resting = true;
            ledger.SideOf(order.Side).Add(order);
        }

        foreach (var id in snapshot.ClosedOrderQueue)
        {
            ledger._closed.Enqueue(id);
        }

        foreach (var hold in snapshot.Holds)
        {
            ledger._holds.Add(hold.TradeId, hold);
        }

        foreach (var id in snapshot.FinishedDirectTrades)
        {
            ledger._finishedDirectTrades.Add(id);
        }

        foreach (var payout in snapshot.Payouts)
        {
            ledger._payouts.Add(payout.PayoutId, payout);
        }

        foreach (var id in snapshot.FinishedPayouts)
        {
            ledger._finishedPayouts.Add(id);
        }

        foreach (var reference in snapshot.AppliedReferences)
        {
            ledger._appliedReferences.Add(reference);
        }

        return ledger;
    }
}
