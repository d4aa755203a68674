using System.Diagnostics;
using System.Globalization;
using Enerlectra.Api.V1;
using Enerlectra.Exchange.Grains;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Enerlectra.Bench;

/// <summary>
/// The order book over gRPC (issue 9), all in one gateway on PostgreSQL: durable matched trades per second through
/// bidi order sessions and through unary PlaceOrder at the same concurrency, beside the database's raw single-row
/// commit rate at that concurrency; order acknowledgement latency at half the session peak; place + cancel with
/// 100,000 resting orders against an empty book; managed memory per resting order; CPU per trade.
/// Every run uses markets of its own (fresh ids), so a rerun on the same database starts from empty books.
/// </summary>
public static class BookBenchmark
{
    private const long TradeWh = 1_000;
    private const long TradePrice = 1_000;

    /// <summary>Resting orders per seeding user: the market's default open-order limit per user.</summary>
    private const int OrdersPerSeeder = 1_000;

    public sealed record Options(string? Postgres, int Bots, TimeSpan Duration, int Window, int RestingOrders);

    private static readonly string[] MarketNames = ["warm", "stream", "unary", "latency", "empty", "deep"];

    public static async Task<IReadOnlyList<string>> RunAsync(Options options)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        string Market(string name) => $"book-{run}-{name}";
        var settings = new Dictionary<string, string?> { ["Markets:Ids:0"] = "default" };
        for (var i = 0; i < MarketNames.Length; i++)
        {
            settings[$"Markets:Ids:{i + 1}"] = Market(MarketNames[i]);
        }

        await using var host = await BenchHost.StartAsync(options.Postgres, settings);
        var rows = new List<string>();
        var n = options.Bots;
        var d = options.Duration;

        // Warm-up, not reported: JIT tiering, pools, the journal's table and index pages.
        await StreamTradesAsync(host, Market("warm"), n, options.Window, TimeSpan.FromSeconds(3));

        var stream = await StreamTradesAsync(host, Market("stream"), n, options.Window, d);
        rows.Add(Row($"matched trades, bidi OrderSession", $"{n} bots × {options.Window} unanswered orders, {d.TotalSeconds:F0} s",
            $"{stream.Trades:N0} trades from {stream.Orders:N0} acknowledged orders in {stream.Seconds:F1} s{Rejections(stream.Rejected, stream.LastRejection)}",
            $"**{stream.TradesPerSecond:N0} trades/s** ({stream.OrdersPerSecond:N0} orders/s); CPU per trade {stream.Cpu.Process.TotalMicroseconds / Math.Max(stream.Trades, 1):N0} µs here + {stream.Cpu.Postgres.TotalMicroseconds / Math.Max(stream.Trades, 1):N0} µs PostgreSQL"));

        var unary = await UnaryTradesAsync(host, Market("unary"), n, d);
        rows.Add(Row("matched trades, unary PlaceOrder", $"{n} bots × 1 call at a time, {d.TotalSeconds:F0} s",
            $"{unary.Trades:N0} trades from {unary.Orders:N0} orders in {unary.Seconds:F1} s{Rejections(unary.Rejected, unary.LastRejection)}",
            $"**{unary.TradesPerSecond:N0} trades/s** ({unary.OrdersPerSecond:N0} orders/s); CPU per trade {unary.Cpu.Process.TotalMicroseconds / Math.Max(unary.Trades, 1):N0} µs here + {unary.Cpu.Postgres.TotalMicroseconds / Math.Max(unary.Trades, 1):N0} µs PostgreSQL"));

        double? commitRate = null;
        if (options.Postgres is not null)
        {
            var (commitRow, rate) = await PostgresCommitBenchmark.RunAsync(options.Postgres, n, TimeSpan.FromSeconds(5));
            rows.Add(commitRow);
            commitRate = rate;
        }

        var pace = stream.OrdersPerSecond / 2;
        var latency = await PacedLatencyAsync(host, Market("latency"), n, pace, d);
        rows.Add(Row("order acknowledgement latency, bidi OrderSession", $"{n} bots paced to {pace:N0} orders/s in all (half the session peak), {d.TotalSeconds:F0} s",
            $"{latency.Count:N0} orders at {latency.Rate:N0}/s{Rejections(latency.Rejected, latency.LastRejection)}",
            $"p50 **{latency.P50:F1} ms**, p99 **{latency.P99:F1} ms** (from each order's due time to its \"accepted\")"));

        var empty = await PlaceCancelAsync(host, Market("empty"), n, options.Window, d);
        rows.Add(Row("place + cancel, empty book", $"{n} bots × {options.Window} unanswered cycles, {d.TotalSeconds:F0} s",
            $"{empty.Cycles:N0} cycles in {empty.Seconds:F1} s{Rejections(empty.Rejected, empty.LastRejection)}",
            $"**{empty.PerSecond:N0} place+cancel/s** ({2 * empty.PerSecond:N0} commands/s)"));

        var seed = await SeedAsync(host, Market("deep"), options.RestingOrders);
        rows.Add(Row("seeding resting orders (not a target)", $"{seed.Seeders} users over sessions, prices 100-599 (buys) and 3,000-3,499 (sells)",
            $"{seed.Resting:N0} resting in {seed.Seconds:F1} s{Rejections(seed.Rejected, seed.LastRejection)}",
            $"{seed.Resting / seed.Seconds:N0} orders/s; managed heap **+{seed.HeapBytes / 1_048_576.0:F0} MiB = {seed.HeapBytes / (double)Math.Max(seed.Resting, 1):N0} bytes per resting order**"));

        var deep = await PlaceCancelAsync(host, Market("deep"), n, options.Window, d);
        rows.Add(Row($"place + cancel, {seed.Resting:N0} resting orders", $"{n} bots × {options.Window} unanswered cycles at 1,000-1,099, {d.TotalSeconds:F0} s",
            $"{deep.Cycles:N0} cycles in {deep.Seconds:F1} s{Rejections(deep.Rejected, deep.LastRejection)}",
            $"**{deep.PerSecond:N0} place+cancel/s** ({2 * deep.PerSecond:N0} commands/s)"));

        if (commitRate is { } commits)
        {
            rows.Add(Target("matched trades (session) ≥ 0.5 × raw commits/s", stream.TradesPerSecond / commits, 0.5, "× raw commits"));
        }

        rows.Add(Target("session ≥ 2 × unary", stream.TradesPerSecond / Math.Max(unary.TradesPerSecond, 0.001), 2, "×"));
        rows.Add(Target($"place + cancel with {seed.Resting:N0} resting within 20% of empty", deep.PerSecond / Math.Max(empty.PerSecond, 0.001), 0.8, "× empty"));
        return rows;
    }

    private sealed record TradeRun(long Trades, long Orders, long Rejected, string? LastRejection, double Seconds, CpuClock Cpu)
    {
        public double TradesPerSecond => Trades / Seconds;

        public double OrdersPerSecond => Orders / Seconds;
    }

    /// <summary>
    /// Even bots buy and odd bots sell 1 kWh at one price, all at the same pace, so the book stays nearly balanced and
    /// every order trades: as a taker at once, or as a maker soon after. (A bot that alternated sides would mostly
    /// meet its own orders in its own batches, which self-trade prevention cancels instead of trading.)
    /// </summary>
    private static async Task<TradeRun> StreamTradesAsync(BenchHost host, string market, int bots, int window, TimeSpan duration)
    {
        var traders = await TradersAsync(host, market, bots);
        var orders = new OrderService.OrderServiceClient(host.Channel);
        var sessions = await Task.WhenAll(traders.Select(t => SessionBot.OpenAsync(orders, t, market, window)));
        var cpu = CpuClock.Now();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(sessions.Select((bot, b) => Task.Run(async () =>
        {
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                await bot.PlaceAsync($"o{i}", Side(b), TradeWh, TradePrice);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var used = CpuClock.Now() - cpu;
        var result = new TradeRun(sessions.Sum(s => s.TakerFills), sessions.Sum(s => s.Answered), sessions.Sum(s => s.Rejected),
            sessions.Select(s => s.LastRejection).FirstOrDefault(r => r is not null), seconds, used);
        await Task.WhenAll(sessions.Select(s => s.DrainAsync(window)));
        foreach (var session in sessions)
        {
            await session.DisposeAsync();
        }

        return result;
    }

    private static async Task<TradeRun> UnaryTradesAsync(BenchHost host, string market, int bots, TimeSpan duration)
    {
        var traders = await TradersAsync(host, market, bots);
        var orders = new OrderService.OrderServiceClient(host.Channel);
        long trades = 0, placed = 0, rejected = 0;
        string? lastRejection = null;
        var cpu = CpuClock.Now();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(traders.Select((token, b) => Task.Run(async () =>
        {
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                try
                {
                    var result = await orders.PlaceOrderAsync(new PlaceOrderRequest
                    {
                        MarketId = market,
                        ClientOrderId = $"u{i}",
                        Side = Side(b),
                        QuantityWh = TradeWh,
                        PriceNgweePerKwh = TradePrice,
                    }, token);
                    Interlocked.Increment(ref placed);
                    Interlocked.Add(ref trades, result.Fills.Count(f => f.Liquidity == "taker"));
                }
                catch (RpcException ex)
                {
                    Interlocked.Increment(ref rejected);
                    lastRejection = $"{ex.StatusCode}: {ex.Status.Detail}";
                }
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        return new TradeRun(trades, placed, rejected, lastRejection, seconds, CpuClock.Now() - cpu);
    }

    private sealed record LatencyRun(int Count, double Rate, double P50, double P99, long Rejected, string? LastRejection);

    /// <summary>
    /// Open loop: each bot sends on a fixed schedule whatever the answers do (a window far larger than the pace
    /// needs), and latency runs from each order's due time, so a stall shows as latency, not as fewer orders.
    /// Half the bots buy and half sell at one price, as in the throughput rows.
    /// </summary>
    private static async Task<LatencyRun> PacedLatencyAsync(BenchHost host, string market, int bots, double ordersPerSecond, TimeSpan duration)
    {
        var traders = await TradersAsync(host, market, bots);
        var orders = new OrderService.OrderServiceClient(host.Channel);
        const int window = 100_000;
        var sessions = await Task.WhenAll(traders.Select(t => SessionBot.OpenAsync(orders, t, market, window)));
        var latencies = new List<double>();
        foreach (var session in sessions)
        {
            session.Latencies = latencies;
        }

        var interval = Stopwatch.Frequency * bots / Math.Max(ordersPerSecond, 1);
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var sent = await Task.WhenAll(sessions.Select((bot, b) => Task.Run(async () =>
        {
            // Bots spread evenly over one interval, so the pace is smooth in all.
            var count = 0;
            for (var due = start + (long)(interval * b / bots); due < end; due = start + (long)(interval * (b / (double)bots + ++count)))
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait);
                }

                await bot.PlaceAsync($"l{count}", Side(b), TradeWh, TradePrice, due);
            }

            return count;
        })));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await Task.WhenAll(sessions.Select(s => s.DrainAsync(window)));
        double[] sorted;
        lock (latencies)
        {
            sorted = [.. latencies.Order()];
        }

        foreach (var session in sessions)
        {
            await session.DisposeAsync();
        }

        return new LatencyRun(sorted.Length, sent.Sum() / seconds, Stats.Percentile(sorted, 50), Stats.Percentile(sorted, 99),
            sessions.Sum(s => s.Rejected), sessions.Select(s => s.LastRejection).FirstOrDefault(r => r is not null));
    }

    private sealed record CycleRun(long Cycles, long Rejected, string? LastRejection, double Seconds)
    {
        public double PerSecond => Cycles / Seconds;
    }

    /// <summary>Each bot keeps <paramref name="window"/> orders in flight, each a buy at 1,000-1,099 cancelled as soon as it is accepted.</summary>
    private static async Task<CycleRun> PlaceCancelAsync(BenchHost host, string market, int bots, int window, TimeSpan duration)
    {
        var traders = await TradersAsync(host, market, bots);
        var orders = new OrderService.OrderServiceClient(host.Channel);
        var sessions = await Task.WhenAll(traders.Select(t => SessionBot.OpenAsync(orders, t, market, window, cancelEachOrder: true)));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(sessions.Select((bot, b) => Task.Run(async () =>
        {
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                await bot.PlaceAsync($"p{i}", "buy", TradeWh, 1_000 + (i + b) % 100);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var result = new CycleRun(sessions.Sum(s => s.Cycles), sessions.Sum(s => s.Rejected), sessions.Select(s => s.LastRejection).FirstOrDefault(r => r is not null), seconds);
        await Task.WhenAll(sessions.Select(s => s.DrainAsync(window)));
        foreach (var session in sessions)
        {
            await session.DisposeAsync();
        }

        return result;
    }

    private sealed record SeedRun(int Seeders, long Resting, long Rejected, string? LastRejection, double Seconds, long HeapBytes);

    /// <summary>
    /// Rests <paramref name="count"/> orders of 1 kWh, 100 per price level, far from the measured prices (buys at
    /// 100-599, sells at 3,000-3,499; the measured buys are at 1,000-1,099), through sessions; measures the managed
    /// heap before and after, with the sessions closed, in this process (which hosts the silo).
    /// </summary>
    private static async Task<SeedRun> SeedAsync(BenchHost host, string market, int count)
    {
        var seeders = (count + OrdersPerSeeder - 1) / OrdersPerSeeder;
        var traders = await TradersAsync(host, market, seeders);
        var orders = new OrderService.OrderServiceClient(host.Channel);
        var before = await SettledHeapAsync();
        var clock = Stopwatch.StartNew();
        const int window = 250;
        var results = await Task.WhenAll(traders.Select((token, s) => Task.Run(async () =>
        {
            await using var bot = await SessionBot.OpenAsync(orders, token, market, window);
            var mine = Math.Min(OrdersPerSeeder, count - s * OrdersPerSeeder);
            for (var i = 0; i < mine; i++)
            {
                var order = s * OrdersPerSeeder + i;
                await (s % 2 == 0
                    ? bot.PlaceAsync($"r{i}", "buy", TradeWh, 100 + order % 500)
                    : bot.PlaceAsync($"r{i}", "sell", TradeWh, 3_000 + order % 500));
            }

            await bot.DrainAsync(window);
            return (bot.Answered, bot.Rejected, bot.LastRejection);
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var depth = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrderBookGrain>(market).GetDepthAsync(1_000);
        var resting = depth.Bids.Sum(l => (long)l.Orders) + depth.Asks.Sum(l => (long)l.Orders);
        var after = await SettledHeapAsync();
        return new SeedRun(seeders, resting, results.Sum(r => r.Rejected), results.Select(r => r.LastRejection).FirstOrDefault(r => r is not null), seconds, after - before);
    }

    private static async Task<long> SettledHeapAsync()
    {
        // Background work (commits, snapshot writes, stream deliveries) finishes first, then a full blocking GC.
        await Task.Delay(TimeSpan.FromSeconds(2));
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>New users with plenty of energy and money in the market, funded directly in the market (as the tests do).</summary>
    private static async Task<Metadata[]> TradersAsync(BenchHost host, string market, int count)
    {
        var book = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrderBookGrain>(market);
        var prefix = "bk-" + Guid.NewGuid().ToString("N")[..8];
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var user = $"{prefix}-{i}";
            await book.CreditEnergyAsync(user, 1_000_000_000, "bench-energy-" + user);
            await book.DepositAsync(user, 1_000_000_000_000, "bench-money-" + user, "bench");
            return await host.TokenAsync(user);
        }));
    }

    private static string Side(int bot) => bot % 2 == 0 ? "buy" : "sell";

    private static string Rejections(long rejected, string? last) =>
        rejected == 0 ? "" : $"; **{rejected:N0} rejected** (last: {last})";

    private static string Row(string what, string load, string measured, string result) => $"| {what} | {load} | {measured} | {result} |";

    private static string Target(string what, double ratio, double target, string unit) =>
        $"| target: {what} | | {ratio.ToString("F2", CultureInfo.InvariantCulture)} {unit} | {(ratio >= target ? "**met**" : "**missed**")} |";
}
