using System.Collections.Concurrent;
using System.Diagnostics;
using Enerlectra.Api.V1;
using Grpc.Core;

namespace Enerlectra.Soak.Load;

/// <summary>
/// A bot that trades over the OrderSession stream, the way market makers do: orders go in as commands, answers come
/// back as events tagged with the client order id. When the stream breaks (a gateway or silo dies), it opens a new
/// one and sends again every order it had not yet heard back about, under the same client order id, which the market
/// treats as the same order: each is placed once, however often it was sent.
/// </summary>
public sealed class StreamingBot(SoakApi api, RequestLog log, Household bot, string side, long price, string timeInForce, TimeSpan interval)
{
    private static readonly string[] Answers = ["accepted", "filled", "partially_filled", "cancelled", "expired"];

    private readonly ConcurrentDictionary<string, (PlaceOrderRequest Order, DateTimeOffset SentAt, Stopwatch Clock)> _unanswered = new();

    /// <summary>Client order id → order id, for every place the market answered.</summary>
    public ConcurrentDictionary<string, long> Acknowledged { get; } = new();

    /// <summary>Orders still unanswered when the bot gave up waiting.</summary>
    public int Unanswered => _unanswered.Count;

    public int Reconnects { get; private set; }

    public async Task RunAsync(int maxOrders, CancellationToken stop)
    {
        var next = 0;
        // After the load stops, orders already sent are still followed to an answer (bounded).
        var drainUntil = DateTimeOffset.MaxValue;
        while ((next < maxOrders && !stop.IsCancellationRequested) || (!_unanswered.IsEmpty && DateTimeOffset.UtcNow < drainUntil))
        {
            try
            {
                using var session = new CancellationTokenSource();
                using var call = new OrderService.OrderServiceClient(api.Channel).OrderSession(SoakApi.Bearer(bot.Token), cancellationToken: session.Token);
                await call.RequestStream.WriteAsync(new OrderSessionCommand { Tag = "start", Start = new SessionStart { MarketId = "default" } });
                var reading = ReadAsync(call.ResponseStream, session.Token);
                foreach (var (order, _, _) in _unanswered.Values.ToList())
                {
                    await call.RequestStream.WriteAsync(new OrderSessionCommand { Place = order });
                }

                while (next < maxOrders && !stop.IsCancellationRequested && !reading.IsCompleted)
                {
                    var order = new PlaceOrderRequest
                    {
                        MarketId = "default",
                        ClientOrderId = $"{bot.UserId}-s{next++}",
                        Side = side,
                        QuantityWh = 250,
                        PriceNgweePerKwh = price,
                        TimeInForce = timeInForce,
                    };
                    _unanswered[order.ClientOrderId] = (order, DateTimeOffset.UtcNow, Stopwatch.StartNew());
                    await call.RequestStream.WriteAsync(new OrderSessionCommand { Place = order });
                    await Task.Delay(interval, stop).ContinueWith(_ => { }, TaskScheduler.Default);
                }

                if (drainUntil == DateTimeOffset.MaxValue && (next >= maxOrders || stop.IsCancellationRequested))
                {
                    drainUntil = DateTimeOffset.UtcNow.AddSeconds(60);
                }

                // An order sent just before a silo died may never be answered on a stream that stays open: after a
                // quiet spell, a new stream sends it again.
                var quietUntil = DateTimeOffset.UtcNow.AddSeconds(10);
                while (!_unanswered.IsEmpty && !reading.IsCompleted && DateTimeOffset.UtcNow < drainUntil && DateTimeOffset.UtcNow < quietUntil)
                {
                    await Task.Delay(100);
                }

                if (_unanswered.IsEmpty && (next >= maxOrders || stop.IsCancellationRequested))
                {
                    await call.RequestStream.CompleteAsync();
                    await session.CancelAsync();
                    await reading;
                    return;
                }

                await session.CancelAsync();
                await reading;
            }
            catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException or OperationCanceledException)
            {
                // The stream broke (its gateway or silo died): open a new one and send what is unanswered again.
            }

            Reconnects++;
            await Task.Delay(500);
        }
    }

    private async Task ReadAsync(IAsyncStreamReader<OrderSessionEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in events.ReadAllAsync(cancellationToken))
            {
                if (e.ClientOrderId.Length == 0 || !_unanswered.TryRemove(e.ClientOrderId, out var sent))
                {
                    continue;
                }

                if (Answers.Contains(e.Type) && e.Order is { } order)
                {
                    Acknowledged[e.ClientOrderId] = order.OrderId;
                    log.Add(new RequestRecord("bot-order-stream", sent.SentAt, sent.Clock.Elapsed, RequestOutcome.Acknowledged, 1, Note: e.ClientOrderId));
                }
                else
                {
                    log.Add(new RequestRecord("bot-order-stream", sent.SentAt, sent.Clock.Elapsed, RequestOutcome.Refused, 1, $"{e.Code}: {e.Message}", e.ClientOrderId));
                }
            }
        }
        catch (Exception ex) when (ex is RpcException or IOException or OperationCanceledException)
        {
            // Ends the session; the caller reconnects if anything is still unanswered.
        }
    }
}
