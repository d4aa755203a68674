using Enerlectra.Bench;

// Benchmarks of the real system (see BENCHMARKS.md). Not tests: numbers depend on the machine.
//   dotnet run -c Release --project bench/Enerlectra.Bench -- --postgres "<connection string>"
// Without --postgres the trade and offer numbers are in-memory (not durable) and the commit-rate row is skipped.
var postgres = Arg("--postgres") ?? Environment.GetEnvironmentVariable("ENERLECTRA_TEST_POSTGRES");
if (string.IsNullOrWhiteSpace(postgres))
{
    postgres = null;
}
var duration = TimeSpan.FromSeconds(int.Parse(Arg("--seconds") ?? "15"));
var concurrency = int.Parse(Arg("--concurrency") ?? "32");
var subscriberCounts = (Arg("--subscribers") ?? "1000,10000").Split(',').Select(int.Parse).ToArray();

Console.WriteLine($"Enerlectra benchmark · {Environment.ProcessorCount} cores · {(postgres is null ? "in-memory" : "PostgreSQL")} · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine();
Console.WriteLine("| benchmark | load | measured | result |");
Console.WriteLine("| --- | --- | --- | --- |");

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

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
