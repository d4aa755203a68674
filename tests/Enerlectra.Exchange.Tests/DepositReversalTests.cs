using Enerlectra.Abstractions.Errors;

namespace Enerlectra.Exchange.Tests;

/// <summary>A credited deposit the payment network undid is taken back: from what is left, the rest recorded as owed.</summary>
public sealed class DepositReversalTests
{
    private readonly Market _market = new();

    public DepositReversalTests()
    {
        _market.Fund("seller", wh: 1_000_000, ngwee: 0);
        _market.Fund("buyer", wh: 0, ngwee: 0);
        _market.Run(e => e.Deposit("buyer", 50_000, "dep-1", "wallet", _market.Now));
    }

    [Fact]
    public void An_unspent_deposit_is_taken_back_whole_and_the_journal_still_balances()
    {
        var reversal = _market.Run(e => e.ReverseDeposit("buyer", "dep-1", 50_000, "wallet", _market.Now));

        Assert.NotNull(reversal);
        Assert.Equal(50_000, reversal.ReversedNgwee);
        Assert.Equal(0, reversal.OwedNgwee);
        var buyer = _market.Ledger.AccountView("buyer");
        Assert.Equal(0, buyer.MoneyAvailableNgwee);
        Assert.Equal(0, buyer.MoneyOwedNgwee);
        Assert.Equal(0, buyer.DepositedNgwee);
        AssertJournalBalances();
    }

    [Fact]
    public void Open_buy_orders_are_cancelled_first_and_what_was_spent_is_owed()
    {
        _market.Sell("seller", 10_000, 3_000);                    // 10 kWh at 30 ZMW/kWh
        var spent = _market.Buy("buyer", 10_000, 3_000);          // 300 ZMW of the 500 deposited
        var resting = _market.Buy("buyer", 5_000, 2_500).Order;   // 125 ZMW held by a resting bid
        Assert.Equal(30_000, Assert.Single(spent.Trades).BuyerPaysNgwee);
        Assert.Equal(12_500, _market.Ledger.AccountView("buyer").MoneyReservedNgwee);

        var reversal = _market.Run(e => e.ReverseDeposit("buyer", "dep-1", 50_000, "wallet", _market.Now))!;

        Assert.Equal(20_000, reversal.ReversedNgwee);
        Assert.Equal(30_000, reversal.OwedNgwee);
        Assert.Equal(OrderStatus.Cancelled, _market.Ledger.Order(resting.OrderId)!.Status);
        Assert.Equal(CancelReason.DepositReversed, _market.Ledger.Order(resting.OrderId)!.CancelReason);
        var buyer = _market.Ledger.AccountView("buyer");
        Assert.Equal(0, buyer.MoneyAvailableNgwee);
        Assert.Equal(0, buyer.MoneyReservedNgwee);
        Assert.Equal(30_000, buyer.MoneyOwedNgwee);
        Assert.Equal(10_000, buyer.EnergyAvailableWh);  // the energy bought stays: an operator settles the debt
        AssertJournalBalances();

        // Nothing leaves the market while something is owed, even money deposited since.
        _market.Run(e => e.Deposit("buyer", 1_000, "dep-2", "mtn", _market.Now));
        _market.Refused(e => e.RequestPayout("buyer", Guid.NewGuid(), 1_000, PayoutSource.Balance, "mtn", _market.Now),
            ErrorKind.FailedPrecondition, "amountNgwee");
    }

    [Fact]
    public void Reversing_again_or_reversing_what_was_never_credited_changes_nothing()
    {
        _market.Run(e => e.ReverseDeposit("buyer", "dep-1", 50_000, "wallet", _market.Now));
        var version = _market.Ledger.Version;

        Assert.Null(_market.Run(e => e.ReverseDeposit("buyer", "dep-1", 50_000, "wallet", _market.Now)));
        Assert.Null(_market.Run(e => e.ReverseDeposit("buyer", "never-credited", 50_000, "wallet", _market.Now)));
        Assert.Equal(version, _market.Ledger.Version);
    }

    [Fact]
    public void A_snapshot_keeps_what_is_owed()
    {
        _market.Sell("seller", 10_000, 3_000);
        _market.Buy("buyer", 10_000, 3_000);
        _market.Run(e => e.ReverseDeposit("buyer", "dep-1", 50_000, "wallet", _market.Now));

        var restored = MarketLedger.FromSnapshot(_market.Ledger.ToSnapshot());

        Assert.Equal(_market.Ledger.AccountView("buyer"), restored.AccountView("buyer"));
        Assert.Equal(30_000, restored.AccountView("buyer").MoneyOwedNgwee);
        Assert.True(restored.IsApplied(MarketLedger.ReversalReference("dep-1")));
    }

    private void AssertJournalBalances()
    {
        var balances = new Ledger.LedgerBalances();
        _market.Journal.ForEach(balances.Add);
        Assert.Empty(balances.Differences(_market.Ledger));
    }
}
