using Enerlectra.Abstractions.Errors;

namespace Enerlectra.Exchange.Tests;

public sealed class MatchingRulesTests
{
    private readonly Market _market = new();

    public MatchingRulesTests()
    {
        foreach (var user in new[] { "alice", "bob", "carol", "dave" })
        {
            _market.Fund(user);
        }
    }

    [Fact]
    public void Best_price_first_then_oldest_first_at_the_resting_price()
    {
        var late = _market.Sell("alice", 1_000, 100).Order.OrderId;
        var early = _market.Sell("bob", 1_000, 99).Order.OrderId;
        var sameLater = _market.Sell("carol", 1_000, 99).Order.OrderId;

        var result = _market.Buy("dave", 2_500, 105);

        Assert.Equal([early, sameLater, late], result.Trades.Select(t => t.MakerOrderId));
        Assert.Equal([99L, 99L, 100L], result.Trades.Select(t => t.PriceNgweePerKwh));
        Assert.Equal([1_000L, 1_000L, 500L], result.Trades.Select(t => t.QuantityWh));
        Assert.Equal(OrderStatus.Filled, result.Order.Status);
        Assert.Equal(500, _market.Ledger.Order(late)!.RemainingWh);
    }

    [Fact]
    public void A_partly_filled_order_rests_at_its_own_price_and_the_book_is_not_crossed()
    {
        _market.Sell("alice", 1_000, 100);
        var buy = _market.Buy("bob", 3_000, 101);

        Assert.Equal(OrderStatus.PartiallyFilled, buy.Order.Status);
        Assert.Equal(2_000, buy.Order.RemainingWh);
        Assert.Equal(101, _market.Ledger.Bids.Best!.Price);
        Assert.Null(_market.Ledger.Asks.Best);
    }

    [Fact]
    public void Money_rounds_up_for_the_buyer_and_down_for_the_seller_over_the_whole_order()
    {
        var rules = new MarketRules { MakerFeeBasisPoints = 25, TakerFeeBasisPoints = 25 };
        var market = new Market(rules);
        market.Fund("s");
        market.Fund("b");
        var sell = market.Sell("s", 3, 333).Order.OrderId;       // 3 Wh × 333 = 0.999 ngwee
        var buy = market.Buy("b", 3, 333);

        var trade = Assert.Single(buy.Trades);
        Assert.Equal(1, trade.BuyerPaysNgwee);   // 0.999 rounded up
        Assert.Equal(0, trade.SellerGrossNgwee); // 0.999 rounded down
        Assert.Equal(0, trade.SellerFeeNgwee);
        Assert.Equal(1, market.Ledger.PlatformRoundingNgwee);

        // Three more such fills on one sell order: the seller is paid for the whole 3.996 ngwee as 3, the buyers 4.
        market.Sell("s", 9, 333);
        foreach (var _ in Enumerable.Range(0, 3))
        {
            market.Buy("b", 3, 333);
        }

        var seller = market.Ledger.OrdersOf("s").Single(o => o.OrderId != sell);
        Assert.Equal(2, seller.SettledNgwee);     // floor(9 × 333 / 1000) = floor(2.997)
    }

    [Fact]
    public void The_fee_is_never_lost_to_rounding_and_depends_on_the_sellers_role()
    {
        var market = new Market(new MarketRules { MakerFeeBasisPoints = 10, TakerFeeBasisPoints = 50 });
        market.Fund("s");
        market.Fund("b");

        // Seller rests (maker): 1,000 Wh at 200 = 200 ngwee gross, 0.1% = 0.2 → 1 ngwee.
        market.Sell("s", 1_000, 200);
        var asMaker = Assert.Single(market.Buy("b", 1_000, 200).Trades);
        Assert.Equal((200L, 1L, 10), (asMaker.SellerGrossNgwee, asMaker.SellerFeeNgwee, asMaker.SellerFeeBasisPoints));

        // Seller takes (taker): 0.5% of 200 = 1 ngwee exactly.
        market.Buy("b", 1_000, 200);
        var asTaker = Assert.Single(market.Sell("s", 1_000, 200).Trades);
        Assert.Equal((200L, 1L, 50), (asTaker.SellerGrossNgwee, asTaker.SellerFeeNgwee, asTaker.SellerFeeBasisPoints));
    }

    [Fact]
    public void A_buy_order_filled_below_its_limit_gets_the_difference_back_at_once()
    {
        _market.Sell("alice", 1_000, 90);
        var before = _market.Ledger.AccountView("bob");

        var buy = _market.Buy("bob", 1_000, 100);

        var after = _market.Ledger.AccountView("bob");
        Assert.Equal(OrderStatus.Filled, buy.Order.Status);
        Assert.Equal(before.MoneyAvailableNgwee - 90, after.MoneyAvailableNgwee);
        Assert.Equal(0, after.MoneyReservedNgwee);
    }

    [Fact]
    public void Immediate_or_cancel_leaves_nothing_in_the_book()
    {
        _market.Sell("alice", 1_000, 100);
        var ioc = _market.Buy("bob", 5_000, 100, TimeInForce.ImmediateOrCancel);

        Assert.Equal(OrderStatus.Cancelled, ioc.Order.Status);
        Assert.Equal(CancelReason.ImmediateOrCancelRemainder, ioc.Order.CancelReason);
        Assert.Equal(1_000, ioc.Order.FilledWh);
        Assert.Null(_market.Ledger.Bids.Best);
        Assert.Equal(0, _market.Ledger.AccountView("bob").MoneyReservedNgwee);
    }

    [Fact]
    public void Fill_or_kill_trades_everything_or_nothing()
    {
        _market.Sell("alice", 1_000, 100);
        _market.Refused(e => e.Place(new OrderSpec("bob", "fok-1", Side.Buy, 1_500, 100, TimeInForce.FillOrKill), _market.Now),
            ErrorKind.FailedPrecondition, "quantityWh");
        Assert.Equal(1_000, _market.Ledger.Asks.Best!.TotalWh);

        var filled = _market.Buy("bob", 1_000, 100, TimeInForce.FillOrKill);
        Assert.Equal(OrderStatus.Filled, filled.Order.Status);
    }

    [Fact]
    public void Post_only_never_takes_liquidity()
    {
        _market.Sell("alice", 1_000, 100);
        _market.Refused(e => e.Place(new OrderSpec("bob", "po-1", Side.Buy, 1_000, 100, PostOnly: true), _market.Now),
            ErrorKind.FailedPrecondition, "priceNgweePerKwh");

        var rests = _market.Buy("bob", 1_000, 99, postOnly: true);
        Assert.Empty(rests.Trades);
        Assert.Equal(99, _market.Ledger.Bids.Best!.Price);
    }

    [Theory]
    [InlineData(SelfTradePrevention.CancelResting, true, false)]
    [InlineData(SelfTradePrevention.CancelIncoming, false, true)]
    [InlineData(SelfTradePrevention.CancelBoth, true, true)]
    public void Self_trade_prevention(SelfTradePrevention mode, bool restingCancelled, bool incomingCancelled)
    {
        var resting = _market.Sell("alice", 1_000, 100).Order.OrderId;
        var other = _market.Sell("bob", 1_000, 101).Order.OrderId;

        var incoming = _market.Buy("alice", 1_000, 101, stp: mode);

        Assert.Equal(restingCancelled, !_market.Ledger.Order(resting)!.IsOpen);
        Assert.Equal(incomingCancelled, incoming.Order.Status == OrderStatus.Cancelled);
        Assert.All(incoming.Trades, t => Assert.Equal(other, t.MakerOrderId));
        Assert.Equal(mode == SelfTradePrevention.CancelResting ? 1 : 0, incoming.Trades.Count);
        Assert.DoesNotContain(_market.Journal.OfType<TradeExecuted>(), t => t.BuyerId == t.SellerId);
    }

    [Fact]
    public void A_smaller_size_keeps_time_priority_and_anything_else_loses_it()
    {
        var first = _market.Sell("alice", 2_000, 100).Order.OrderId;
        var second = _market.Sell("bob", 2_000, 100).Order.OrderId;

        _market.Run(e => e.Amend("alice", first, null, 1_000, _market.Now));
        Assert.Equal(first, _market.Ledger.Asks.Best!.Head!.OrderId);
        Assert.Equal(3_000, _market.Ledger.Asks.Best.TotalWh);

        _market.Run(e => e.Amend("alice", first, null, 1_500, _market.Now));
        Assert.Equal(second, _market.Ledger.Asks.Best!.Head!.OrderId);
        Assert.Equal(first, _market.Ledger.Asks.Best.Tail!.OrderId);
    }

    [Fact]
    public void An_amended_price_that_crosses_trades_at_once()
    {
        _market.Sell("alice", 1_000, 100);
        var bid = _market.Buy("bob", 1_000, 95).Order.OrderId;

        var amended = _market.Run(e => e.Amend("bob", bid, 100, null, _market.Now));

        Assert.Single(amended.Trades);
        Assert.Equal(OrderStatus.Filled, amended.Order.Status);
    }

    [Fact]
    public void The_same_client_order_id_is_the_same_order_and_other_terms_are_refused()
    {
        var first = _market.Buy("bob", 1_000, 90, clientOrderId: "mine-1");
        var again = _market.Buy("bob", 1_000, 90, clientOrderId: "mine-1");

        Assert.True(again.Replayed);
        Assert.Equal(first.Order.OrderId, again.Order.OrderId);
        Assert.Single(_market.Ledger.OpenOrdersOf("bob"));
        _market.Refused(e => e.Place(new OrderSpec("bob", "mine-1", Side.Buy, 2_000, 90), _market.Now), ErrorKind.AlreadyExists, "clientOrderId");

        // Another user's identical id is their own order.
        Assert.False(_market.Buy("carol", 1_000, 90, clientOrderId: "mine-1").Replayed);
    }

    [Fact]
    public void Orders_outside_the_price_band_are_refused_naming_the_band()
    {
        _market.Sell("alice", 1_000, 100);
        _market.Buy("bob", 1_000, 100);

        var ex = _market.Refused(e => e.Place(new OrderSpec("carol", "fat", Side.Sell, 1_000, 10), _market.Now), ErrorKind.InvalidArgument, "priceNgweePerKwh");
        Assert.Contains("80 to 120", ex.Message);
        Assert.Contains("20.00%", ex.Message);
    }

    [Fact]
    public void Open_orders_are_limited_per_user()
    {
        var market = new Market(new MarketRules { MaxOpenOrdersPerUser = 2 });
        market.Fund("bob");
        market.Buy("bob", 1_000, 90);
        market.Buy("bob", 1_000, 91);
        market.Refused(e => e.Place(new OrderSpec("bob", "third", Side.Buy, 1_000, 92), market.Now), ErrorKind.ResourceExhausted, "clientOrderId");
    }

    [Fact]
    public void Nobody_can_sell_energy_or_spend_money_they_do_not_have()
    {
        _market.Fund("poor", wh: 500, ngwee: 40);
        _market.Refused(e => e.Place(new OrderSpec("poor", "s", Side.Sell, 501, 100), _market.Now), ErrorKind.FailedPrecondition, "quantityWh");
        _market.Refused(e => e.Place(new OrderSpec("poor", "b", Side.Buy, 1_000, 41), _market.Now), ErrorKind.FailedPrecondition, "quantityWh");
    }

    [Fact]
    public void Cancel_and_mass_cancel_release_exactly_what_is_left()
    {
        var before = _market.Ledger.AccountView("bob");
        var a = _market.Buy("bob", 1_000, 90).Order.OrderId;
        _market.Buy("bob", 2_000, 91);
        _market.Sell("bob", 3_000, 120);
        _market.Sell("alice", 500, 90);
        _market.Buy("carol", 1_000, 85);

        _market.Run(e => e.Cancel("bob", a, _market.Now));
        var cancelled = _market.Run(e => e.CancelAll("bob", _market.Now));

        Assert.Equal(2, cancelled.Count);
        var after = _market.Ledger.AccountView("bob");
        Assert.Equal((0L, 0L), (after.MoneyReservedNgwee, after.EnergyReservedWh));
        Assert.Equal(before.MoneyAvailableNgwee - 46, after.MoneyAvailableNgwee); // 500 Wh bought at its 91 bid: 45.5 rounded up
        Assert.Equal(before.EnergyAvailableWh + 500, after.EnergyAvailableWh);
        Assert.Single(_market.Ledger.OpenOrdersOf("carol"));
    }

    [Fact]
    public void Another_users_order_is_not_found()
    {
        var order = _market.Buy("bob", 1_000, 90).Order.OrderId;
        _market.Refused(e => e.Cancel("carol", order, _market.Now), ErrorKind.NotFound, "orderId");
    }

    [Fact]
    public void Expired_orders_leave_the_book_and_never_trade()
    {
        var expiring = _market.Place(new OrderSpec("alice", "exp", Side.Sell, 1_000, 100, ExpiresAt: _market.Now.AddMinutes(5))).Order.OrderId;
        _market.Now = _market.Now.AddMinutes(6);

        var buy = _market.Buy("bob", 1_000, 100);

        Assert.Empty(buy.Trades);
        Assert.Equal(OrderStatus.Expired, _market.Ledger.Order(expiring)!.Status);
        Assert.Equal(0, _market.Ledger.AccountView("alice").EnergyReservedWh);
    }

    [Fact]
    public void An_offer_is_a_resting_sell_order_bought_both_directly_and_through_the_book()
    {
        var offerId = Guid.NewGuid();
        var offer = _market.Run(e => e.PlaceOffer(new OrderSpec("alice", "offer-" + offerId, Side.Sell, 10_000, 250), new OfferTerms(offerId, true), _market.Now));
        Assert.Equal(250, _market.Ledger.Asks.Best!.Price);

        var direct = Guid.NewGuid();
        _market.Run(e => e.HoldDirect(direct, offerId, "bob", 4_000, mobileMoney: true, _market.Now));
        Assert.Equal(6_000, _market.Ledger.Asks.Best!.TotalWh);

        var book = _market.Buy("carol", 6_000, 250);
        Assert.Equal(6_000, book.Trades.Sum(t => t.QuantityWh));
        Assert.Null(_market.Ledger.Asks.Best);
        Assert.True(_market.Ledger.Order(offer.Order.OrderId)!.IsOpen); // 4 kWh still held for bob's payment

        _market.Run(e => e.SettleDirect(direct, 1_000, 3, "mtn", _market.Now));
        var sold = _market.Ledger.Order(offer.Order.OrderId)!;
        Assert.Equal(OrderStatus.Filled, sold.Status);
        Assert.Equal(997, _market.Ledger.AccountView("alice").EarningsNgwee);
        Assert.Equal(4_000 + 1_000_000, _market.Ledger.AccountView("bob").EnergyAvailableWh);
    }

    [Fact]
    public void A_household_purchase_delivered_to_the_wallets_takes_only_the_sellers_energy_out_of_the_market()
    {
        var offerId = Guid.NewGuid();
        var offer = _market.Run(e => e.PlaceOffer(new OrderSpec("alice", "offer-" + offerId, Side.Sell, 10_000, 250), new OfferTerms(offerId, true), _market.Now));
        var direct = Guid.NewGuid();
        var before = (_market.Ledger.AccountView("bob"), _market.Ledger.PlatformFeesNgwee);
        _market.Run(e => e.HoldDirect(direct, offerId, "bob", 4_000, mobileMoney: true, _market.Now));
        _market.Run(e => e.SettleDirect(direct, 1_000, 3, "wallets", _market.Now, delivered: true));
        _market.Run(e => e.SettleDirect(direct, 1_000, 3, "wallets", _market.Now, delivered: true));

        var alice = _market.Ledger.AccountView("alice");
        Assert.Equal((6_000L, 4_000L, 0L), (alice.EnergyReservedWh, alice.SoldWh, alice.EarningsNgwee));
        Assert.Equal(before, (_market.Ledger.AccountView("bob"), _market.Ledger.PlatformFeesNgwee));
        var order = _market.Ledger.Order(offer.Order.OrderId)!;
        Assert.Equal((4_000L, 6_000L, OrderStatus.PartiallyFilled), (order.FilledWh, order.RemainingWh, order.Status));
        Assert.Equal([direct], order.SettledTrades);

        // The journal's double entries still balance: the energy went to the wallets' external account.
        var balances = _market.Balances();
        Assert.Empty(balances.Differences(_market.Ledger));
        Assert.Equal(4_000, balances.Balance(Ledger.LedgerAccount.External(Ledger.Buckets.Wallets), Ledger.Asset.Energy));

        // A snapshot keeps the offer's settled purchases (a lost on-chain mirror records them again).
        var restored = MarketLedger.FromSnapshot(_market.Ledger.ToSnapshot());
        Assert.Equal([direct], restored.Offer(offerId)!.SettledTrades);
    }

    [Fact]
    public void A_lost_mirror_clears_the_offers_chain_id_once_and_only_for_that_id()
    {
        var offerId = Guid.NewGuid();
        _market.Run(e => e.PlaceOffer(new OrderSpec("alice", "offer-" + offerId, Side.Sell, 10_000, 250), new OfferTerms(offerId, true), _market.Now));
        _market.Run(e => e.MirrorOffer(offerId, 7, _market.Now));
        Assert.Equal(7, _market.Run(e => e.MirrorLost(offerId, 6, _market.Now)).ChainOfferId);
        Assert.Null(_market.Run(e => e.MirrorLost(offerId, 7, _market.Now)).ChainOfferId);
        Assert.Null(_market.Run(e => e.MirrorLost(offerId, 7, _market.Now)).ChainOfferId);
        Assert.Equal(9, _market.Run(e => e.MirrorOffer(offerId, 9, _market.Now)).ChainOfferId);
    }

    [Fact]
    public void A_released_direct_purchase_goes_back_on_sale_or_to_a_seller_whose_offer_closed()
    {
        var offerId = Guid.NewGuid();
        _market.Run(e => e.PlaceOffer(new OrderSpec("alice", "o", Side.Sell, 10_000, 250), new OfferTerms(offerId, true), _market.Now));
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        _market.Run(e => e.HoldDirect(first, offerId, "bob", 2_000, true, _market.Now));
        _market.Run(e => e.HoldDirect(second, offerId, "carol", 3_000, true, _market.Now));

        _market.Run(e => e.ReleaseDirect(first, _market.Now));
        Assert.Equal(7_000, _market.Ledger.Asks.Best!.TotalWh);

        var orderId = _market.Ledger.Offer(offerId)!.OrderId;
        _market.Run(e => e.Cancel("alice", orderId, _market.Now));
        Assert.Equal(3_000, _market.Ledger.AccountView("alice").EnergyReservedWh); // still held for carol
        _market.Run(e => e.ReleaseDirect(second, _market.Now));
        Assert.Equal(0, _market.Ledger.AccountView("alice").EnergyReservedWh);
        Assert.Equal(1_000_000, _market.Ledger.AccountView("alice").EnergyAvailableWh);
    }

    [Fact]
    public void Credits_deposits_and_payouts_apply_once()
    {
        Assert.True(_market.Run(e => e.CreditEnergy("erin", 500, "r-1", _market.Now)));
        Assert.False(_market.Run(e => e.CreditEnergy("erin", 500, "r-1", _market.Now)));
        Assert.True(_market.Run(e => e.Deposit("erin", 1_000, "d-1", "airtel", _market.Now)));
        Assert.False(_market.Run(e => e.Deposit("erin", 1_000, "d-1", "airtel", _market.Now)));

        var payout = Guid.NewGuid();
        _market.Run(e => e.RequestPayout("erin", payout, 600, Events.PayoutSource.Balance, "airtel", _market.Now));
        _market.Run(e => e.RequestPayout("erin", payout, 600, Events.PayoutSource.Balance, "airtel", _market.Now));
        Assert.Equal((400L, 600L), (_market.Ledger.AccountView("erin").MoneyAvailableNgwee, _market.Ledger.AccountView("erin").MoneyWithdrawingNgwee));
        _market.Run(e => e.SettlePayout(payout, paid: false, _market.Now));
        _market.Run(e => e.SettlePayout(payout, paid: true, _market.Now));
        Assert.Equal(1_000, _market.Ledger.AccountView("erin").MoneyAvailableNgwee);
        _market.Refused(e => e.RequestPayout("erin", Guid.NewGuid(), 1_001, Events.PayoutSource.Balance, "airtel", _market.Now), ErrorKind.FailedPrecondition, "amountNgwee");
    }
}
