using Enerlectra.Abstractions.Errors;
using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Grains;
using Enerlectra.Exchange.Model;
using Enerlectra.Tests.Support;
using Orleans.Runtime;
using Xunit;

namespace Enerlectra.Tests.Grains;

/// <summary>The market grain's book on a real silo: journaled commands, restart from snapshot + journal, limits.</summary>
public sealed class OrderBookGrainTests(OrderBookClusterFixture fixture) : IClassFixture<OrderBookClusterFixture>
{
    private static string Market() => Names.Market();

    private IOrderBookGrain Book(string marketId) => fixture.Client.GetGrain<IOrderBookGrain>(marketId);

    [Fact]
    public async Task Orders_match_and_everything_comes_back_exactly_after_the_market_restarts()
    {
        var market = Market();
        var book = Book(market);
        await book.DepositAsync("buyer", 100_000, "d-1", "mtn");

        // Enough commands to pass the snapshot interval (100 events), so the restart reads a snapshot and a tail.
        for (var seller = 0; seller < 5; seller++)
        {
            await book.CreditEnergyAsync($"seller-{seller}", 50_000, "r-1");
            for (var i = 0; i < 12; i++)
            {
                await book.PlaceOrderAsync(new OrderSpec($"seller-{seller}", $"s-{i}", Side.Sell, 1_000, 200 + i % 5));
            }
        }

        var buy = await book.PlaceOrderAsync(new OrderSpec("buyer", "b-1", Side.Buy, 12_500, 202));
        Assert.True(buy.Accepted);
        Assert.Equal(12_500, buy.Trades.Sum(t => t.QuantityWh));
        Assert.All(buy.Trades, t => Assert.True(t.Sequence > 0));

        var depthBefore = await book.GetDepthAsync(10);
        var sellerBefore = await book.GetAccountAsync("seller-0");
        var buyerBefore = await book.GetAccountAsync("buyer");
        var ordersBefore = await book.GetOrdersAsync("seller-0", openOnly: true, 100);

        await RestartAsync(market);

        Assert.Equivalent(depthBefore, await book.GetDepthAsync(10), strict: true);
        Assert.Equal(sellerBefore, await book.GetAccountAsync("seller-0"));
        Assert.Equal(buyerBefore, await book.GetAccountAsync("buyer"));
        Assert.Equal(ordersBefore, await book.GetOrdersAsync("seller-0", openOnly: true, 100));

        var report = await book.AuditAsync();
        Assert.True(report.Balanced, string.Join("; ", report.Differences));
        Assert.Equal(report.Version, report.Entries);
        Assert.All(report.Totals.Values, total => Assert.Equal(0, total));
    }

    [Fact]
    public async Task A_session_batch_answers_every_command_and_a_refusal_changes_nothing()
    {
        var book = Book(Market());
        await book.CreditEnergyAsync("bot", 5_000, "r-1");

        var results = await book.ExecuteAsync("bot",
        [
            new OrderCommand(OrderCommandKind.Place, "a", new OrderSpec("bot", "a", Side.Sell, 1_000, 300)),
            new OrderCommand(OrderCommandKind.Place, "b", new OrderSpec("bot", "b", Side.Sell, 9_000, 300)),
            new OrderCommand(OrderCommandKind.Place, "c", new OrderSpec("other", "c", Side.Sell, 1_000, 300)),
            new OrderCommand(OrderCommandKind.Cancel, "x", OrderId: 999_999),
        ]);

        Assert.Equal(["a", "b", "c", "x"], results.Select(r => r.Tag));
        Assert.True(results[0].Accepted);
        Assert.Equal((ErrorKind.FailedPrecondition, "quantityWh"), (results[1].Rejection!.Kind, results[1].Rejection!.Field));
        Assert.Equal(ErrorKind.InvalidArgument, results[2].Rejection!.Kind);
        Assert.Equal((ErrorKind.NotFound, "orderId"), (results[3].Rejection!.Kind, results[3].Rejection!.Field));
        Assert.Equal(4_000, (await book.GetAccountAsync("bot")).EnergyAvailableWh);
        Assert.Single(await book.GetOrdersAsync("bot", openOnly: true, 10));
    }

    [Fact]
    public async Task The_feed_replays_the_tape_levels_and_order_changes_in_sequence()
    {
        var book = Book(Market());
        await book.CreditEnergyAsync("s", 5_000, "r");
        await book.DepositAsync("b", 10_000, "d", "airtel");
        var start = (await book.GetDepthAsync(1)).Sequence;

        await book.PlaceOrderAsync(new OrderSpec("s", "s1", Side.Sell, 2_000, 250));
        var buy = await book.PlaceOrderAsync(new OrderSpec("b", "b1", Side.Buy, 500, 250));

        var feed = await book.GetFeedAfterAsync(start, 100);
        Assert.False(feed.Truncated);
        Assert.Equal(feed.Items.Select(i => i.Sequence).Order(), feed.Items.Select(i => i.Sequence));
        var trade = Assert.Single(feed.Items, i => i.Kind == MarketFeedKind.Trade).Trade!;
        Assert.Equal((500L, 250L, Side.Buy), (trade.QuantityWh, trade.PriceNgweePerKwh, trade.TakerSide));
        Assert.Equal(buy.Trades.Single().Sequence, trade.Sequence);
        var level = feed.Items.Last(i => i.Kind == MarketFeedKind.Level).Level!;
        Assert.Equal((Side.Sell, 250L, 1_500L), (level.Side, level.PriceNgweePerKwh, level.QuantityWh));
        Assert.Contains(feed.Items, i => i.Order is { UserId: "s", Event: "partially_filled" });
        Assert.Contains(feed.Items, i => i.Order is { UserId: "b", Event: "filled" });
    }

    [Fact]
    public async Task Too_many_orders_too_fast_are_refused_with_resource_exhausted()
    {
        var book = Book(Market());
        await book.DepositAsync("fast", 1_000_000, "d", "mtn");
        for (var i = 0; i < OrderBookClusterFixture.OrderBurst; i++)
        {
            await book.PlaceOrderAsync(new OrderSpec("fast", $"o-{i}", Side.Buy, 1_000, 100));
        }

        var ex = await Assert.ThrowsAsync<TradingException>(() => book.PlaceOrderAsync(new OrderSpec("fast", "over", Side.Buy, 1_000, 100)));
        Assert.Equal(ErrorKind.ResourceExhausted, ex.Kind);
        Assert.Equal(OrderBookClusterFixture.OrderBurst, (await book.GetOrdersAsync("fast", openOnly: true, 100)).Count);
    }

    [Fact]
    public async Task Deposits_credits_and_payouts_are_idempotent_across_restarts()
    {
        var market = Market();
        var book = Book(market);
        await book.DepositAsync("u", 5_000, "dep-1", "zamtel");
        var payout = Guid.NewGuid();
        await book.RequestPayoutAsync("u", payout, 2_000, PayoutSource.Balance, "zamtel");

        await RestartAsync(market);

        await book.DepositAsync("u", 5_000, "dep-1", "zamtel");
        await book.RequestPayoutAsync("u", payout, 2_000, PayoutSource.Balance, "zamtel");
        await book.SettlePayoutAsync(payout, paid: true);
        await book.SettlePayoutAsync(payout, paid: true);
        var account = await book.GetAccountAsync("u");
        Assert.Equal((3_000L, 0L, 2_000L), (account.MoneyAvailableNgwee, account.MoneyWithdrawingNgwee, account.WithdrawnNgwee));
        Assert.True((await book.AuditAsync()).Balanced);
    }

    private async Task RestartAsync(string marketId)
    {
        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        var grainId = GrainId.Create("market", marketId);
        await management.ForceActivationCollection(TimeSpan.Zero);
        await Eventually.UntilAsync(
            async () => (await management.GetActiveGrains(GrainType.Create("market"))).Contains(grainId),
            active => !active,
            $"market {marketId} to deactivate",
            TimeSpan.FromSeconds(20));
    }
}
