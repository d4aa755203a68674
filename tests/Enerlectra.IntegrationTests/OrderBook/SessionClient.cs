using System.Threading.Channels;
using Enerlectra.Api.V1;
using Grpc.Core;

namespace Enerlectra.IntegrationTests.OrderBook;

/// <summary>A bot's order session over real gRPC: commands out, every event kept in order for the test to wait on.</summary>
public sealed class SessionClient : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<OrderSessionCommand, OrderSessionEvent> _call;
    private readonly Channel<OrderSessionEvent> _events = Channel.CreateUnbounded<OrderSessionEvent>();
    private readonly List<OrderSessionEvent> _seen = [];
    private readonly Task _reader;

    public SessionClient(OrderService.OrderServiceClient orders, Metadata token)
    {
        _call = orders.OrderSession(token);
        _reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in _call.ResponseStream.ReadAllAsync())
                {
                    await _events.Writer.WriteAsync(e);
                }

                _events.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                _events.Writer.TryComplete(ex);
            }
        });
    }

    /// <summary>Every event received so far, in order.</summary>
    public IReadOnlyList<OrderSessionEvent> Seen => _seen;

    public Task SendAsync(OrderSessionCommand command) => _call.RequestStream.WriteAsync(command);

    public Task StartAsync(string marketId, bool cancelOnDisconnect) =>
        SendAsync(new OrderSessionCommand { Tag = "start", Start = new SessionStart { MarketId = marketId, CancelOnDisconnect = cancelOnDisconnect } });

    public Task PlaceAsync(string clientOrderId, string side, long wh, long price, string tif = "") =>
        SendAsync(new OrderSessionCommand
        {
            Place = new PlaceOrderRequest { ClientOrderId = clientOrderId, Side = side, QuantityWh = wh, PriceNgweePerKwh = price, TimeInForce = tif },
        });

    /// <summary>The first event (from now on, or already seen) that matches.</summary>
    public async Task<OrderSessionEvent> WaitForAsync(Func<OrderSessionEvent, bool> match, string what, TimeSpan? timeout = null)
    {
        if (_seen.FirstOrDefault(match) is { } already)
        {
            return already;
        }

        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(cancel.Token);
                _seen.Add(e);
                if (match(e))
                {
                    return e;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No session event {what}; saw: {string.Join(" | ", _seen.Select(e => $"{e.Type} {e.ClientOrderId} {e.Tag}"))}");
        }
    }

    /// <summary>Ends the client's side of the stream and reads what is left until the server ends it too.</summary>
    public async Task<IReadOnlyList<OrderSessionEvent>> CompleteAsync()
    {
        await _call.RequestStream.CompleteAsync();
        await foreach (var e in _events.Reader.ReadAllAsync())
        {
            _seen.Add(e);
        }

        return _seen;
    }

    public async ValueTask DisposeAsync()
    {
        _call.Dispose();
        try
        {
            await _reader;
        }
        catch (Exception)
        {
            // Disposed while reading: expected.
        }
    }
}
