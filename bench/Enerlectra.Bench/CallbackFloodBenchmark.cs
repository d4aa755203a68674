using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Enerlectra.Api.V1;
using Enerlectra.Gateway.Callbacks;
using Enerlectra.Grains;
using Enerlectra.Grains.Payments;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Enerlectra.Bench;

/// <summary>
/// A real trade's latency (ExecuteTrade → trade-completed event) with and without a flood of forged MTN callbacks,
/// under production's settings: MTN status queries paced at 10/s per silo, the default callback budgets and query
/// interval. The flood comes from another loopback address than the sandbox (the provider), half for another buyer's
/// pending payment and half for references nobody has, for as long as the flooded trades run.
/// </summary>
public static class CallbackFloodBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(string? postgres, int trades)
    {
        await using var host = await BenchHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["StatusQueries:MtnPerSecond"] = new StatusQueryOptions().MtnPerSecond.ToString(),
            ["CallbackRateLimit:PerClientPermits"] = new CallbackRateLimitOptions().PerClientPermits.ToString(),
            ["CallbackRateLimit:TotalPermits"] = new CallbackRateLimitOptions().TotalPermits.ToString(),
            // Trades here complete by their callback, as most do; polling would only blur what the flood does.
            ["Trading:PaymentPollInterval"] = "00:00:05",
        });
        using var sandbox = new HttpClient { BaseAddress = host.SandboxUrl };
        await using var market = new Session(host, "flood-" + Guid.NewGuid().ToString("N")[..8]);
        await market.StartAsync(trades * 2 + 2);   // warm-up, quiet, flooded, flooding

        // Warm-up (not reported), then the quiet baseline.
        await market.TradeAsync("+260961230000");
        var quiet = await market.LatenciesAsync(trades);

        // Another buyer's payment the provider holds (scenario 0004): the reference the attacker floods.
        var flooded = await market.TradeAsync("+260961110004", waitForCompletion: false);
        var floodedBefore = await StatusQueriesAsync(sandbox, flooded);
        using var stop = new CancellationTokenSource();
        var counts = new int[3];   // taken, refused (429), other
        var flooders = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            using var client = From("127.0.0.2", host.HttpPort);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var reference = (i + worker) % 2 == 0 ? flooded : Guid.NewGuid().ToString();
                using var response = await client.PutAsync($"/api/callbacks/mtn/{reference}", new StringContent(
                    $$"""{"financialTransactionId":"FORGED","externalId":"{{reference}}","amount":"10.00","currency":"ZMW","status":"SUCCESSFUL"}""",
                    Encoding.UTF8,
                    "application/json"));
                Interlocked.Increment(ref counts[response.StatusCode switch { HttpStatusCode.OK => 0, HttpStatusCode.TooManyRequests => 1, _ => 2 }]);
            }
        })).ToList();
        var stopwatch = Stopwatch.StartNew();
        var flooding = await market.LatenciesAsync(trades);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        stop.Cancel();
        await Task.WhenAll(flooders);
        var floodedQueries = await StatusQueriesAsync(sandbox, flooded) - floodedBefore;
        var interval = new TradingOptions().CallbackQueryInterval;

        return
        [
            $"| trade latency, no callback flood | {trades} MTN trades one after another | p50 **{quiet.P50:F0} ms**, p99 {quiet.P99:F0} ms | |",
            $"| trade latency during a callback flood | same, while 4 connections from one address flood callbacks ({counts.Sum()} in {seconds:F1} s: {counts[0]} taken, {counts[1]} refused 429, {counts[2]} other) | p50 **{flooding.P50:F0} ms**, p99 {flooding.P99:F0} ms | flooded payment asked {floodedQueries}× (interval {interval.TotalSeconds:F0} s) |",
        ];
    }

    private static async Task<int> StatusQueriesAsync(HttpClient sandbox, string reference) =>
        (await sandbox.GetFromJsonAsync<JsonElement>($"/sandbox/mtn/collections/{reference}")).GetProperty("statusQueries").GetInt32();

    /// <summary>A client whose connections leave from another loopback address, so the gateway sees another client.</summary>
    private static HttpClient From(string address, int port)
    {
        var source = IPAddress.Parse(address);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    /// <summary>One seller's offer in its own market, a buyer, and the market stream telling when each trade completed.</summary>
    private sealed class Session(BenchHost host, string marketId) : IAsyncDisposable
    {
        private readonly Dictionary<string, TaskCompletionSource> _completed = [];
        private readonly CancellationTokenSource _cancel = new();
        private string _offerId = "";
        private Metadata _buyer = [];
        private Task? _watcher;

        public async Task StartAsync(int tradesOf1Kwh)
        {
            var seller = "flood-seller-" + Guid.NewGuid().ToString("N")[..8];
            await host.CreditAsync(seller, tradesOf1Kwh * 1000L);
            _offerId = (await new OfferService.OfferServiceClient(host.Channel).CreateOfferAsync(new CreateOfferRequest
            {
                EnergyWh = tradesOf1Kwh * 1000L,
                PricePerKwhNgwee = 250,
                ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
                MarketId = marketId,
            }, await host.TokenAsync(seller))).OfferId;
            _buyer = await host.TokenAsync("flood-buyer-" + Guid.NewGuid().ToString("N")[..8]);
            var stream = new MarketEventService.MarketEventServiceClient(host.Channel)
                .StreamMarketEvents(new StreamMarketEventsRequest { MarketId = marketId }, cancellationToken: _cancel.Token);
            await stream.ResponseHeadersAsync;
            _watcher = Task.Run(async () =>
            {
                using (stream)
                {
                    try
                    {
                        await foreach (var e in stream.ResponseStream.ReadAllAsync(_cancel.Token))
                        {
                            if (e.Type == "trade-completed")
                            {
                                Completion(e.TradeId).TrySetResult();
                            }
                        }
                    }
                    catch (RpcException) when (_cancel.IsCancellationRequested)
                    {
                    }
                }
            });
            await Task.Delay(500); // let the subscription settle before the first trade
        }

        public async Task<string> TradeAsync(string phone, bool waitForCompletion = true)
        {
            var trade = await new TradeService.TradeServiceClient(host.Channel).ExecuteTradeAsync(
                new ExecuteTradeRequest { OfferId = _offerId, PhoneNumber = phone, EnergyWh = 1000 }, _buyer);
            if (waitForCompletion)
            {
                await Completion(trade.TradeId).Task.WaitAsync(TimeSpan.FromMinutes(1));
            }

            return trade.TradeId;
        }

        public async Task<(double P50, double P99)> LatenciesAsync(int trades)
        {
            var latencies = new List<double>(trades);
            for (var i = 0; i < trades; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                await TradeAsync("+260961230000");
                latencies.Add(stopwatch.Elapsed.TotalMilliseconds);
            }

            latencies.Sort();
            return (Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99));
        }

        public async ValueTask DisposeAsync()
        {
            _cancel.Cancel();
            if (_watcher is not null)
            {
                await _watcher;
            }

            _cancel.Dispose();
        }

        private TaskCompletionSource Completion(string tradeId)
        {
            lock (_completed)
            {
                if (!_completed.TryGetValue(tradeId, out var completion))
                {
                    _completed[tradeId] = completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                return completion;
            }
        }
    }
}
