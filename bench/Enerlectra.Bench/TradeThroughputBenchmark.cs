using System.Diagnostics;
using Enerlectra.Api.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Enerlectra.Bench;

/// <summary>
/// Trades per second end to end: ExecuteTrade over gRPC → MTN collection at the sandbox (approving at once) →
/// callback → status query → settlement, counted when the trade-completed event arrives on the market stream.
/// </summary>
public static class TradeThroughputBenchmark
{
    public static async Task<(string Row, double PerSecond)> RunAsync(BenchHost host, int buyers, int tradesPerBuyer)
    {
        var offers = new OfferService.OfferServiceClient(host.Channel);
        var trades = new TradeService.TradeServiceClient(host.Channel);
        var total = buyers * tradesPerBuyer;
        const long tradeWh = 1000;

        // One offer per buyer, so trades contend on wallets and the market as in real use, not on a single offer.
        var sellerId = "bench-seller-" + Guid.NewGuid().ToString("N")[..8];
        var sellerOffers = new List<string>();
        var sellerTokens = new List<Metadata>();
        for (var b = 0; b < buyers; b++)
        {
            var seller = $"{sellerId}-{b}";
            var wh = tradeWh * tradesPerBuyer;
            await host.CreditAsync(seller, Math.Max(wh, 1000));
            var token = await host.TokenAsync(seller);
            sellerTokens.Add(token);
            var offer = await offers.CreateOfferAsync(new CreateOfferRequest
            {
                EnergyWh = Math.Max(wh, 1000),
                PricePerKwhNgwee = 250,
                ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
            }, token);
            sellerOffers.Add(offer.OfferId);
        }

        var events = new MarketEventService.MarketEventServiceClient(host.Channel);
        using var cancel = new CancellationTokenSource();
        var completed = 0;
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stream = events.StreamMarketEvents(new StreamMarketEventsRequest(), cancellationToken: cancel.Token);
        var watcher = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in stream.ResponseStream.ReadAllAsync(cancel.Token))
                {
                    if (e.Type == "trade-completed" && e.SellerId.StartsWith(sellerId, StringComparison.Ordinal) && Interlocked.Increment(ref completed) == total)
                    {
                        allDone.TrySetResult();
                    }
                }
            }
            catch (RpcException) when (cancel.IsCancellationRequested)
            {
            }
        });
        // Buyers pay only from a verified phone: each links and verifies theirs before the clock starts.
        const string phone = "+260961230000";
        var buyerTokens = await Task.WhenAll(Enumerable.Range(0, buyers).Select(async b =>
        {
            var buyer = $"bench-buyer-{b}-{Guid.NewGuid():N}"[..30];
            var token = await host.TokenAsync(buyer);
            await host.LinkVerifiedPhoneAsync(buyer, token, phone);
            return token;
        }));
        await Task.Delay(500); // let the subscription settle before the clock starts

        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, buyers).Select(async b =>
        {
            var token = buyerTokens[b];
            for (var t = 0; t < tradesPerBuyer; t++)
            {
                await trades.ExecuteTradeAsync(new ExecuteTradeRequest
                {
                    OfferId = sellerOffers[b],
                    PhoneNumber = phone,
                    EnergyWh = tradeWh,
                    IdempotencyKey = $"bench-{b}-{t}",
                }, token);
            }
        }));
        var submitted = stopwatch.Elapsed.TotalSeconds;
        var finished = await Task.WhenAny(allDone.Task, Task.Delay(TimeSpan.FromMinutes(5)));
        var seconds = stopwatch.Elapsed.TotalSeconds;
        cancel.Cancel();
        await watcher;
        if (finished != allDone.Task)
        {
            return ($"| durable trades end to end | {buyers} buyers | only {completed}/{total} completed in 5 min | failed |", 0);
        }

        var rate = total / seconds;
        return ($"| durable trades end to end (settled) | {buyers} concurrent buyers | {total} trades in {seconds:F1} s (all submitted after {submitted:F1} s) | **{rate:F0} trades/s** |", rate);
    }
}
