using System.Diagnostics;
using Enerlectra.Api.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Enerlectra.Bench;

/// <summary>
/// Latency from the market logging an event to each of N gRPC stream subscribers receiving it. Subscribers and
/// server share one clock (same process), so the event's own timestamp is the start.
/// </summary>
public static class FanOutBenchmark
{
    public static async Task<string> RunAsync(BenchHost host, int subscribers, int events)
    {
        var client = new MarketEventService.MarketEventServiceClient(host.Channel);
        var marker = "fanout-" + Guid.NewGuid().ToString("N")[..8];
        var latencies = new List<double>[subscribers];
        var received = 0;
        var expected = (long)subscribers * events;
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        var ready = new CountdownEvent(subscribers);
        var readers = new Task[subscribers];
        for (var i = 0; i < subscribers; i++)
        {
            var mine = latencies[i] = new List<double>(events);
            var call = client.StreamMarketEvents(new StreamMarketEventsRequest(), cancellationToken: cancel.Token);
            readers[i] = Task.Run(async () =>
            {
                using (call)
                {
                    await call.ResponseHeadersAsync;
                    ready.Signal();
                    try
                    {
                        await foreach (var e in call.ResponseStream.ReadAllAsync(cancel.Token))
                        {
                            if (e.Type == "offer-created" && e.SellerId.StartsWith(marker, StringComparison.Ordinal))
                            {
                                mine.Add((DateTimeOffset.UtcNow - e.OccurredAt.ToDateTimeOffset()).TotalMilliseconds);
                                if (Interlocked.Increment(ref received) == expected)
                                {
                                    allReceived.TrySetResult();
                                }
                            }
                        }
                    }
                    catch (RpcException) when (cancel.IsCancellationRequested)
                    {
                    }
                }
            });
        }

        if (!ready.Wait(TimeSpan.FromMinutes(2)))
        {
            return $"| fan-out to {subscribers} subscribers | could not connect all subscribers | | failed |";
        }

        await Task.Delay(1000); // the first subscriber of this node opens the market's Orleans subscription
        var offers = new OfferService.OfferServiceClient(host.Channel);
        var seller = marker + "-seller";
        await host.CreditAsync(seller, 1000L * events);
        var token = await host.TokenAsync(seller);
        var stopwatch = Stopwatch.StartNew();
        for (var e = 0; e < events; e++)
        {
            await offers.CreateOfferAsync(new CreateOfferRequest
            {
                SellerId = seller,
                EnergyWh = 1000,
                PricePerKwhNgwee = 300,
                ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
            }, token);
            await Task.Delay(100); // spaced out: this measures delivery latency, not a burst's queueing
        }

        var done = await Task.WhenAny(allReceived.Task, Task.Delay(TimeSpan.FromMinutes(2))) == allReceived.Task;
        cancel.Cancel();
        await Task.WhenAll(readers);
        var all = latencies.SelectMany(l => l).Order().ToList();
        var status = done ? "" : $" (only {all.Count}/{expected} delivered)";
        return $"| fan-out latency, {subscribers:N0} stream subscribers | {events} events → {all.Count:N0} deliveries{status} | p50 {Stats.Percentile(all, 50):F1} ms, p99 {Stats.Percentile(all, 99):F1} ms, max {all.LastOrDefault():F1} ms | |";
    }
}
