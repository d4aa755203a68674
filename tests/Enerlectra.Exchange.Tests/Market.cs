using Enerlectra.Abstractions.Errors;

namespace Enerlectra.Exchange.Tests;

/// <summary>A market engine with a clock the test moves, and shorthands for the commands tests repeat.</summary>
public sealed class Market
{
    private int _clientOrders;

    public Market(MarketRules? rules = null)
    {
        Engine = new MarketEngine(new MarketLedger(), rules ?? new MarketRules());
    }

    public MarketEngine Engine { get; }

    public MarketLedger Ledger => Engine.Ledger;

    public DateTimeOffset Now { get; set; } = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Every event raised so far, in order (the journal).</summary>
    public List<MarketJournalEvent> Journal { get; } = [];

    public void Fund(string userId, long wh = 1_000_000, long ngwee = 10_000_000)
    {
        if (wh > 0)
        {
            Engine.CreditEnergy(userId, wh, "seed-" + Guid.NewGuid(), Now);
        }

        if (ngwee > 0)
        {
            Engine.Deposit(userId, ngwee, "seed-" + Guid.NewGuid(), "mtn", Now);
        }

        Collect();
    }

    public PlaceResult Buy(string userId, long wh, long price, TimeInForce tif = TimeInForce.GoodTillCancelled, bool postOnly = false,
        SelfTradePrevention stp = SelfTradePrevention.MarketDefault, string? clientOrderId = null) =>
        Place(new OrderSpec(userId, clientOrderId ?? NextClientOrderId(), Side.Buy, wh, price, tif, postOnly, null, stp));

    public PlaceResult Sell(string userId, long wh, long price, TimeInForce tif = TimeInForce.GoodTillCancelled, bool postOnly = false,
        SelfTradePrevention stp = SelfTradePrevention.MarketDefault, string? clientOrderId = null) =>
        Place(new OrderSpec(userId, clientOrderId ?? NextClientOrderId(), Side.Sell, wh, price, tif, postOnly, null, stp));

    public PlaceResult Place(OrderSpec spec)
    {
        try
        {
            return Engine.Place(spec, Now);
        }
        finally
        {
            Collect();
        }
    }

    public T Run<T>(Func<MarketEngine, T> command)
    {
        try
        {
            return command(Engine);
        }
        finally
        {
            Collect();
        }
    }

    public void Run(Action<MarketEngine> command)
    {
        try
        {
            command(Engine);
        }
        finally
        {
            Collect();
        }
    }

    /// <summary>A refused command must raise nothing: the journal stays as it was.</summary>
    public TradingException Refused(Action<MarketEngine> command, ErrorKind kind, string? field)
    {
        var before = Ledger.Version;
        var ex = Assert.Throws<TradingException>(() => command(Engine));
        Assert.Equal(kind, ex.Kind);
        Assert.Equal(field, ex.Field);
        Assert.Equal(0, Engine.PendingEvents);
        Assert.Equal(before, Ledger.Version);
        return ex;
    }

    /// <summary>The double-entry balances summed from everything this market journaled so far.</summary>
    public Ledger.LedgerBalances Balances()
    {
        var balances = new Ledger.LedgerBalances();
        foreach (var e in Journal)
        {
            balances.Add(e);
        }

        return balances;
    }

    public string NextClientOrderId() => $"c-{++_clientOrders}";

    private void Collect() => Journal.AddRange(Engine.TakeEvents());
}
