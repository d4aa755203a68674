using Enerlectra.Bench;

// Benchmarks of the real system (see BENCHMARKS.md). Not tests: numbers depend on the machine.
//   dotnet run -c Release --project bench/Enerlectra.Bench -- --postgres "<connection string>"
// Without --postgres the trade and offer numbers are in-memory (not durable) and the commit-rate row is skipped.
// With --chain <rpc url> (a local Hardhat node, chain 31337) the chain-rail rows follow; --only chain runs just those:
//   dotnet run -c Release --project bench/Enerlectra.Bench -- --only chain --chain http://127.0.0.1:8630
if (args.Contains("--help") || args.Contains("-h"))
{
    // Without this, an unknown flag such as --help just starts the full (minutes-long, all-cores) run.
    Console.WriteLine("""
        Enerlectra benchmark: the real gateway and silo in this process, measured over gRPC (see BENCHMARKS.md).
          --postgres <conn>            durable run on PostgreSQL (default: $ENERLECTRA_TEST_POSTGRES, else in-memory)
          --seconds <n>                offer churn duration (15)
          --concurrency <n>            sellers / buyers working at once (32)
          --trades-per-buyer <n>       trades per buyer in the measured trade pass (20)
          --subscribers <n,n,...>      stream subscriber counts for the fan-out rows (1000,10000)
          --chain <rpc url>            add the chain-rail rows against a local Hardhat node (chain 31337)
          --only chain                 only the chain-rail rows (needs --chain)
          --only flood                 only the callback-flood rows
          --only offers                only the offer churn row, beside the raw commit rate (needs --postgres for that)
          --warmup <n>                 seconds of unreported offer churn first, so the JIT's tiers settle (--only offers: 30)
          --only book                  only the order-book rows (issue 9): sessions vs unary vs raw commits, latency,
                                       place + cancel with a deep book, memory per resting order
          --book-seconds <n>           each order-book row's duration (10); bots: --concurrency
          --book-window <n>            orders each session bot keeps unanswered (64)
          --book-resting <n>           resting orders for the deep-book row (100000)
          --chain-buyers <n>, --chain-trades-per-buyer <n>, --chain-offers <n>, --chain-direct <n>, --chain-receipt-poll <timespan>
        A tiny run: --seconds 1 --concurrency 2 --trades-per-buyer 1 --subscribers 10
        """);
    return;
}

// --only flood runs just the callback-flood rows (a trade's latency with and without a flood of forged callbacks).
var postgres = Arg("--postgres") ?? Environment.GetEnvironmentVariable("ENERLECTRA_TEST_POSTGRES");
if (string.IsNullOrWhiteSpace(postgres))
{
    postgres = null;
}
var duration = TimeSpan.FromSeconds(int.Parse(Arg("--seconds") ?? "15"));
var concurrency = int.Parse(Arg("--concurrency") ?? "32");
var subscriberCounts = (Arg("--subscribers") ?? "1000,10000").Split(',').Select(int.Parse).ToArray();
var chainRpc = Arg("--chain");
var only = Arg("--only");
if (only is not null && only != "chain" && only != "flood" && only != "book" && only != "offers")
{
    throw new ArgumentException("--only takes \"chain\", \"flood\", \"book\" or \"offers\" (the others always run together).");
}

if (only == "chain" && chainRpc is null)
{
    throw new ArgumentException("--only chain needs --chain <rpc url>.");
}

Console.WriteLine($"Enerlectra benchmark · {Environment.ProcessorCount} cores · {(postgres is null ? "in-memory" : "PostgreSQL")} · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine();
Console.WriteLine("| benchmark | load | measured | result |");
Console.WriteLine("| --- | --- | --- | --- |");

if (only is null)
{
    await using (var host = await BenchHost.StartAsync(postgres))
    {
        // Warm-up (not reported): JIT tiering, connection pools, grain activations and token caches.
        await OfferChurnBenchmark.RunAsync(host, concurrency, TimeSpan.FromSeconds(5));
        await TradeThroughputBenchmark.RunAsync(host, concurrency, 3);

        Console.WriteLine(await OfferChurnBenchmark.RunAsync(host, concurrency, duration));
        var (tradeRow, tradeRate) = await TradeThroughputBenchmark.RunAsync(host, concurrency, int.Parse(Arg("--trades-per-buyer") ?? "20"));
        Console.WriteLine(tradeRow);
        if (postgres is not null)
        {
            var (commitRow, commitRate) = await PostgresCommitBenchmark.RunAsync(postgres, concurrency, TimeSpan.FromSeconds(5));
            Console.WriteLine(commitRow);
            Console.WriteLine($"| trades per raw commit | | | **{tradeRate / commitRate:F3}** (≈ {commitRate / Math.Max(tradeRate, 0.001):F1} commits' worth of work per trade) |");
        }

        foreach (var subscribers in subscriberCounts)
        {
            Console.WriteLine(await FanOutBenchmark.RunAsync(host, subscribers, 20));
        }
    }
}

if (only == "offers")
{
    await using var host = await BenchHost.StartAsync(postgres);
    // Long enough for the JIT to finish its instrumented tiers on this path (5 s measured 20-25% below steady state).
    await OfferChurnBenchmark.RunAsync(host, concurrency, TimeSpan.FromSeconds(int.Parse(Arg("--warmup") ?? "30")));
    Console.WriteLine(await OfferChurnBenchmark.RunAsync(host, concurrency, duration));
    if (postgres is not null)
    {
        Console.WriteLine((await PostgresCommitBenchmark.RunAsync(postgres, concurrency, TimeSpan.FromSeconds(5))).Row);
    }
}

if (only == "book")
{
    var book = new BookBenchmark.Options(
        postgres,
        Bots: concurrency,
        Duration: TimeSpan.FromSeconds(int.Parse(Arg("--book-seconds") ?? "10")),
        Window: int.Parse(Arg("--book-window") ?? "64"),
        RestingOrders: int.Parse(Arg("--book-resting") ?? "100000"));
    foreach (var row in await BookBenchmark.RunAsync(book))
    {
        Console.WriteLine(row);
    }
}

if (only is null or "flood")
{
    foreach (var row in await CallbackFloodBenchmark.RunAsync(postgres, int.Parse(Arg("--flood-trades") ?? "30")))
    {
        Console.WriteLine(row);
    }
}

if (chainRpc is not null)
{
    var receiptPoll = Arg("--chain-receipt-poll");
    var rows = await ChainRailBenchmark.RunAsync(new ChainRailBenchmark.Options(
        chainRpc,
        Buyers: int.Parse(Arg("--chain-buyers") ?? "9"),
        TradesPerBuyer: int.Parse(Arg("--chain-trades-per-buyer") ?? "10"),
        Offers: int.Parse(Arg("--chain-offers") ?? "50"),
        DirectTrades: int.Parse(Arg("--chain-direct") ?? "20"),
        ReceiptPollInterval: receiptPoll is null ? null : TimeSpan.Parse(receiptPoll)));
    foreach (var row in rows)
    {
        Console.WriteLine(row);
    }
}

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
