using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Enerlectra.Api.V1;
using Grpc.Core;

namespace Enerlectra.Bench;

/// <summary>
/// One bot's bidi order session: commands go out through one writer, at most <c>window</c> of them unanswered; the
/// events coming back are counted. An order is answered by its "accepted" or "rejected" event (either may come first
/// on the session's own answer or on its feed; the server reports each once), a cancel by its "cancelled".
/// </summary>
public sealed class SessionBot : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<OrderSessionCommand, OrderSessionEvent> _call;
    private readonly Channel<OrderSessionCommand> _outgoing = Channel.CreateUnbounded<OrderSessionCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _window;
    private readonly ConcurrentDictionary<string, long> _sentAt = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _writer;
    private readonly Task _reader;
    private long _answered;
    private long _rejected;
    private long _takerFills;
    private long _cycles;

    private SessionBot(OrderService.OrderServiceClient orders, Metadata token, int window, bool cancelEachOrder)
    {
        _window = new SemaphoreSlim(window, window);
        CancelEachOrder = cancelEachOrder;
        _call = orders.OrderSession(token);
        _writer = Task.Run(async () =>
        {
            await foreach (var command in _outgoing.Reader.ReadAllAsync())
            {
                await _call.RequestStream.WriteAsync(command);
            }

            await _call.RequestStream.CompleteAsync();
        });
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>Place + cancel cycles: each accepted order is cancelled at once, and the cycle ends when it is.</summary>
    public bool CancelEachOrder { get; }

    /// <summary>Latencies (ms) of orders answered while set, from their due time.</summary>
    public List<double>? Latencies { get; set; }

    public long Answered => Interlocked.Read(ref _answered);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Trades this bot took (each trade has exactly one taker, so the sum over bots counts every trade once).</summary>
    public long TakerFills => Interlocked.Read(ref _takerFills);

    public long Cycles => Interlocked.Read(ref _cycles);

    public string? LastRejection { get; private set; }

    public static async Task<SessionBot> OpenAsync(OrderService.OrderServiceClient orders, Metadata token, string marketId, int window, bool cancelEachOrder = false)
    {
        var bot = new SessionBot(orders, token, window, cancelEachOrder);
        bot._outgoing.Writer.TryWrite(new OrderSessionCommand { Tag = "start", Start = new SessionStart { MarketId = marketId } });
        await bot._started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return bot;
    }

    /// <summary>Sends an order once the window has room; <paramref name="dueAt"/> (a Stopwatch timestamp) is when it was meant to go.</summary>
    public async Task PlaceAsync(string clientOrderId, string side, long wh, long price, long? dueAt = null)
    {
        await _window.WaitAsync();
        _sentAt[clientOrderId] = dueAt ?? Stopwatch.GetTimestamp();
        _outgoing.Writer.TryWrite(new OrderSessionCommand
        {
            Place = new PlaceOrderRequest { ClientOrderId = clientOrderId, Side = side, QuantityWh = wh, PriceNgweePerKwh = price },
        });
    }

    /// <summary>Waits until every command sent so far is answered.</summary>
    public async Task DrainAsync(int window)
    {
        for (var i = 0; i < window; i++)
        {
            await _window.WaitAsync(TimeSpan.FromMinutes(2));
        }

        _window.Release(window);
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var e in _call.ResponseStream.ReadAllAsync())
            {
                switch (e.Type)
                {
                    case "started":
                        _started.TrySetResult();
                        break;
                    case "accepted" when _sentAt.TryRemove(e.ClientOrderId, out var sent):
                        Record(sent);
                        if (CancelEachOrder)
                        {
                            _outgoing.Writer.TryWrite(new OrderSessionCommand { Tag = "x", Cancel = new CancelOrderRequest { OrderId = e.Order.OrderId } });
                        }
                        else
                        {
                            _window.Release();
                        }

                        break;
                    case "cancelled" when CancelEachOrder:
                        Interlocked.Increment(ref _cycles);
                        _window.Release();
                        break;
                    case "rejected":
                        Interlocked.Increment(ref _rejected);
                        LastRejection = $"{e.Code} {e.Field}: {e.Message}";
                        if (e.ClientOrderId == "" || _sentAt.TryRemove(e.ClientOrderId, out _))
                        {
                            _window.Release();
                        }

                        break;
                }

                if (e.Fill is { Liquidity: "taker" })
                {
                    Interlocked.Increment(ref _takerFills);
                }
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled)
        {
        }
        finally
        {
            _started.TrySetException(new InvalidOperationException("The session ended before it started."));
        }
    }

    private void Record(long sent)
    {
        Interlocked.Increment(ref _answered);
        if (Latencies is { } latencies)
        {
            var ms = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            lock (latencies)
            {
                latencies.Add(ms);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _outgoing.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(TimeSpan.FromSeconds(30));
            await _reader.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception)
        {
            // The run is over; a session that does not close cleanly changes no figure.
        }

        _call.Dispose();
    }
}
