using Enerlectra.Api.V1;
using Grpc.Core;

namespace Enerlectra.IntegrationTests.Support;

/// <summary>Reads a server stream in the background so a test can wait for the events it expects.</summary>
public sealed class EventCollector : IAsyncDisposable
{
    private readonly AsyncServerStreamingCall<MarketEvent> _call;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<MarketEvent> _events = [];
    private readonly Task _reader;

    public EventCollector(Func<CancellationToken, AsyncServerStreamingCall<MarketEvent>> open)
    {
        _call = open(_stop.Token);
        _reader = Task.Run(ReadAsync);
    }

    public Exception? Error { get; private set; }

    public IReadOnlyList<MarketEvent> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToList();
            }
        }
    }

    public async Task<MarketEvent> WaitForAsync(Func<MarketEvent, bool> match, string what, TimeSpan? timeout = null) =>
        (await Eventually.UntilAsync(
            () =>
            {
                if (Error is not null)
                {
                    throw new InvalidOperationException($"The event stream broke while waiting for {what}.", Error);
                }

                return Task.FromResult(Events.FirstOrDefault(match));
            },
            e => e is not null,
            what,
            timeout))!;

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var e in _call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                lock (_events)
                {
                    _events.Add(e);
                }
            }
        }
        catch (Exception ex) when (_stop.IsCancellationRequested || ex is RpcException { StatusCode: StatusCode.Cancelled } && _stop.IsCancellationRequested)
        {
            // Disconnected on purpose.
        }
        catch (Exception ex)
        {
            Error = ex;
        }
    }

    /// <summary>Disconnects, as a client closing its app would.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _reader;
        _call.Dispose();
        _stop.Dispose();
    }
}
