using Enerlectra.Abstractions.Errors;
using Enerlectra.Exchange;
using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Grains;
using Enerlectra.Exchange.Journal;
using Enerlectra.Exchange.Ledger;
using Enerlectra.Exchange.Model;
using Enerlectra.Grains.Infrastructure;
using Enerlectra.Abstractions.Market;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Enerlectra.Grains.Market;

/// <summary>
/// The two-sided market: the order book and the trading accounts in it, journaled (see <see cref="JournaledMarket"/>).
/// Commands run one at a time between awaits (the grain is reentrant only at the commit), so matching always sees a
/// consistent book, while many commands wait for the same commit.
/// </summary>
public sealed partial class MarketGrain
{
    private readonly IMarketJournal _journal;
    private readonly MarketRules _rules;
    private readonly MarketBookOptions _bookOptions;
    private JournaledMarket? _journaled;
    private UserRateLimiter _orderRate = null!;
    private OrderedPublisher<MarketFeedBatch> _feedPublisher = null!;

    private DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>The book, in a configured market; anywhere else the market does not exist.</summary>
    private JournaledMarket Book => _journaled ?? throw TradingException.NotFound("marketId", $"There is no market '{MarketId}'.");

    private async Task ActivateBookAsync(MarketEventLogTail log, CancellationToken cancellationToken)
    {
        var feed = this.GetStreamProvider(MarketStreams.ProviderName).GetStream<MarketFeedBatch>(MarketFeedStreams.For(MarketId));
        _feedPublisher = new OrderedPublisher<MarketFeedBatch>(batch => feed.OnNextAsync(batch), _logger, $"market {MarketId} feed");
        _journaled = new JournaledMarket(MarketId, _journal, _rules, _bookOptions, _logger, DeactivateOnIdle, _feedPublisher.Enqueue, OffersChanged);
        await _journaled.LoadAsync(cancellationToken);
        await FollowBookAsync(log, cancellationToken);
        _orderRate = new UserRateLimiter(_bookOptions.OrdersPerSecondPerUser, _bookOptions.OrderBurstPerUser, _clock);
        this.RegisterGrainTimer(ExpireOrdersAsync, new GrainTimerCreationOptions(_bookOptions.ExpirySweepInterval, _bookOptions.ExpirySweepInterval) { Interleave = true });
    }

    public Task<OrderCommandResult> PlaceOrderAsync(OrderSpec spec)
    {
        LimitRate(spec.UserId);
        return Book.RunAsync(e => Accepted(spec.ClientOrderId, e.Place(spec, Now)));
    }

    public Task<OrderCommandResult> CancelOrderAsync(string userId, long orderId)
    {
        LimitRate(userId);
        return Book.RunAsync(e => new OrderCommandResult(orderId.ToString(System.Globalization.CultureInfo.InvariantCulture), [e.Cancel(userId, orderId, Now)], [], false, null));
    }

    public Task<OrderCommandResult> AmendOrderAsync(string userId, long orderId, long? priceNgweePerKwh, long? quantityWh)
    {
        LimitRate(userId);
        return Book.RunAsync(e => Accepted(orderId.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Amend(userId, orderId, priceNgweePerKwh, quantityWh, Now)));
    }

    public Task<OrderCommandResult> CancelAllAsync(string userId, CancelReason reason)
    {
        LimitRate(userId);
        return Book.RunAsync(e => new OrderCommandResult("", e.CancelAll(userId, Now, reason), [], false, null));
    }

    public Task<IReadOnlyList<OrderView>> CancelOrdersAsync(string userId, IReadOnlyList<long> orderIds, CancelReason reason) =>
        Book.RunAsync<IReadOnlyList<OrderView>>(e => orderIds
            .Where(id => e.Ledger.Order(id) is { IsOpen: true } order && order.UserId == userId)
            .Select(id => e.Cancel(userId, id, Now, reason))
            .ToList());

    public async Task<IReadOnlyList<OrderCommandResult>> ExecuteAsync(string userId, IReadOnlyList<OrderCommand> commands)
    {
        var results = await Book.RunEachAsync(commands, (e, c) => Execute(e, userId, c));
        return results.Select(r => r.Result with { Updates = r.Items.Where(i => i.Order?.UserId == userId).ToList() }).ToList();
    }

    // Reads wait, like commands, until everything they show is durable: nobody sees a change that could still vanish.
    public Task<OrderView> GetOrderAsync(string userId, long orderId) =>
        Book.RunAsync(e => e.Ledger.Order(orderId) is { } order && order.UserId == userId
            ? order.View()
            : throw TradingException.NotFound("orderId", $"Order {orderId} was not found among your orders."));

    public Task<IReadOnlyList<OrderView>> GetOrdersAsync(string userId, bool openOnly, int limit) =>
        Book.RunAsync<IReadOnlyList<OrderView>>(e => (openOnly ? e.Ledger.OpenOrdersOf(userId) : e.Ledger.OrdersOf(userId))
            .OrderByDescending(o => o.OrderId).Take(Math.Clamp(limit, 1, 1_000)).Select(o => o.View()).ToList());

    public Task<BookDepth> GetDepthAsync(int levels)
    {
        var n = Math.Clamp(levels, 1, 1_000);
        return Book.RunAsync(e => new BookDepth(MarketId, e.Ledger.Version, e.Ledger.Depth(Side.Buy, n), e.Ledger.Depth(Side.Sell, n), e.Ledger.LastTradePrice));
    }

    public Task<IReadOnlyList<TradeView>> GetTradesAsync(int limit)
    {
        var trades = Book.FeedAfter(0, int.MaxValue).Items.Where(i => i.Kind == MarketFeedKind.Trade).Select(i => i.Trade!)
            .Reverse().Take(Math.Clamp(limit, 1, 1_000)).ToList();
        return Task.FromResult<IReadOnlyList<TradeView>>(trades);
    }

    public Task<MarketFeedReplay> GetFeedAfterAsync(long afterSequence, int maxItems) => Task.FromResult(Book.FeedAfter(afterSequence, maxItems));

    public Task<AccountView> GetAccountAsync(string userId) => Book.RunAsync(e => e.Ledger.AccountView(userId));

    public Task<AccountView> CreditEnergyAsync(string userId, long wh, string reference) =>
        Book.RunAsync(e =>
        {
            e.CreditEnergy(userId, wh, reference, Now);
            return e.Ledger.AccountView(userId);
        });

    public Task<AccountView> DepositAsync(string userId, long ngwee, string reference, string channel) =>
        Book.RunAsync(e =>
        {
            e.Deposit(userId, ngwee, reference, channel, Now);
            return e.Ledger.AccountView(userId);
        });

    public Task<DepositReversed?> ReverseDepositAsync(string userId, long ngwee, string reference, string channel) =>
        Book.RunAsync(e => e.ReverseDeposit(userId, reference, ngwee, channel, Now));

    public Task<PendingPayout> RequestPayoutAsync(string userId, Guid payoutId, long ngwee, PayoutSource source, string channel) =>
        Book.RunAsync(e => e.RequestPayout(userId, payoutId, ngwee, source, channel, Now));

    public Task SettlePayoutAsync(Guid payoutId, bool paid) =>
        Book.RunAsync(e =>
        {
            e.SettlePayout(payoutId, paid, Now);
            return true;
        });

    public async Task<LedgerReport> AuditAsync()
    {
        // Everything applied so far must be in the journal before the journal is compared with it.
        var version = await Book.RunAsync(e => e.Ledger.Version);
        var balances = new LedgerBalances();
        await foreach (var entry in _journal.ReadAsync("market/" + MarketId, 0))
        {
            if (entry.Version > version)
            {
                break;
            }

            balances.Add(entry.Event);
        }

        var differences = balances.Entries == version
            ? balances.Differences(Book.Ledger).ToList()
            : [$"the journal holds {balances.Entries} events up to version {version}"];
        if (Book.Ledger.Version != version)
        {
            // Commands ran while the journal was read: compare again later rather than report a false difference.
            differences = [$"the market moved from version {version} to {Book.Ledger.Version} during the check; run it again"];
        }

        return new LedgerReport(MarketId, version, balances.Entries, balances.Totals(), differences, Now);
    }

    private OrderCommandResult Execute(MarketEngine engine, string userId, OrderCommand command)
    {
        try
        {
            if (!_orderRate.TryTake(userId))
            {
                throw RateExceeded();
            }

            return command.Kind switch
            {
                OrderCommandKind.Place when command.Place is { } spec && spec.UserId == userId => Accepted(command.Tag, engine.Place(spec, Now)),
                OrderCommandKind.Place => throw TradingException.Invalid("place", "A place command needs an order of your own."),
                OrderCommandKind.Cancel => new OrderCommandResult(command.Tag, [engine.Cancel(userId, command.OrderId, Now)], [], false, null),
                OrderCommandKind.Amend => Accepted(command.Tag, engine.Amend(userId, command.OrderId, command.PriceNgweePerKwh, command.QuantityWh, Now)),
                OrderCommandKind.CancelAll => new OrderCommandResult(command.Tag, engine.CancelAll(userId, Now), [], false, null),
                _ => throw TradingException.Invalid("command", "Unknown command."),
            };
        }
        catch (TradingException ex)
        {
            return new OrderCommandResult(command.Tag, [], [], false, new Rejection(ex.Kind, ex.Field, ex.Message));
        }
    }

    private static OrderCommandResult Accepted(string tag, PlaceResult result) =>
        new(tag, [result.Order], result.Trades.Select((t, i) => TradeView.From(t, result.TradeSequences.ElementAtOrDefault(i))).ToList(), result.Replayed, null);

    private void LimitRate(string userId)
    {
        if (!_orderRate.TryTake(userId))
        {
            throw RateExceeded();
        }
    }

    private TradingException RateExceeded() => TradingException.Exhausted(
        $"Too many order requests: at most {_bookOptions.OrdersPerSecondPerUser} per second (bursts of {_bookOptions.OrderBurstPerUser}). Slow down and retry.");

    private async Task ExpireOrdersAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        if (_journaled is null || !_journaled.Ledger.OpenOrders.Any(o => o.ExpiresAt <= now))
        {
            return;
        }

        try
        {
            await Book.RunAsync(e => e.ExpireDue(now));
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Market {MarketId}: expiring orders failed; retrying next sweep", MarketId);
        }
    }
}
