using System.Collections.Concurrent;
using System.Threading.Channels;
using Enerlectra.Abstractions.Market;
using Orleans.Streams;

namespace Enerlectra.Gateway.Streaming;

/// <summary>
/// One Orleans stream subscription for one market on this gateway node, copied in-process to every connected
/// client. A client that falls too far behind is disconnected (it reconnects with its last sequence number and
/// gets the rest from the replay log) rather than slowing down everyone else.
/// </summary>
public sealed class MarketFeed(string marketId, IClusterClient client, ILogger logger) : IAsyncObserver<MarketEvent>
{
    /// <summary>Events a single client may have queued before it counts as too slow.</summary>
    public const int SubscriberBuffer = 4096;

    private readonly ConcurrentDictionary<long, Channel<MarketEvent>> _subscribers = new();
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private StreamSubscriptionHandle<MarketEvent>? _handle;
    private long _nextId;

    public int SubscriberCount => _subscribers.Count;

    public async Task<MarketSubscription> SubscribeAsync(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<MarketEvent>(new BoundedChannelOptions(SubscriberBuffer)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var id = Interlocked.Increment(ref _nextId);
        _subscribers[id] = channel;
        try
        {
            await EnsureSubscribedAsync(cancellationToken);
        }
        catch
        {
            _subscribers.TryRemove(id, out _);
            throw;
        }

        return new MarketSubscription(channel.Reader, () => _subscribers.TryRemove(id, out _));
    }

    public Task OnNextAsync(MarketEvent item, StreamSequenceToken? token = null)
    {
        foreach (var (id, channel) in _subscribers)
        {
            if (!channel.Writer.TryWrite(item))
            {
                logger.LogWarning("Disconnecting a slow subscriber of market {MarketId}", marketId);
                channel.Writer.TryComplete(new SlowSubscriberException());
                _subscribers.TryRemove(id, out _);
            }
        }

        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public async Task OnErrorAsync(Exception ex)
    {
        logger.LogWarning(ex, "Market {MarketId} stream failed; resubscribing", marketId);
        _handle = null;
        await EnsureSubscribedAsync(CancellationToken.None);
    }

    public async Task StopAsync()
    {
        if (_handle is { } handle)
        {
            _handle = null;
            await handle.UnsubscribeAsync();
        }

        foreach (var channel in _subscribers.Values)
        {
            channel.Writer.TryComplete();
        }
    }

    private async Task EnsureSubscribedAsync(CancellationToken cancellationToken)
    {
        if (_handle is not null)
        {
            return;
        }

        await _startLock.WaitAsync(cancellationToken);
        try
        {
            if (_handle is null)
            {
                var stream = client.GetStreamProvider(MarketStreams.ProviderName).GetStream<MarketEvent>(MarketStreams.For(marketId));
                _handle = await stream.SubscribeAsync(this);
            }
        }
        finally
        {
            _startLock.Release();
        }
    }
}

/// <summary>The client could not keep up; reconnecting with the last sequence number resumes without loss.</summary>
public sealed class SlowSubscriberException() : Exception("Too many undelivered events; reconnect with your last sequence number.");

/// <summary>A client's view of a market feed; dispose to leave.</summary>
public sealed class MarketSubscription(ChannelReader<MarketEvent> events, Action leave) : IDisposable
{
    public ChannelReader<MarketEvent> Events { get; } = events;

    public void Dispose() => leave();
}
