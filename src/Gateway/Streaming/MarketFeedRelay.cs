using System.Collections.Concurrent;
using System.Threading.Channels;
using Enerlectra.Abstractions.Market;
using Enerlectra.Exchange.Grains;
using Orleans.Streams;

namespace Enerlectra.Gateway.Streaming;

/// <summary>
/// One market's order-book feed on this node. Batches arrive in order on one Orleans subscription; a batch whose
/// <see cref="MarketFeedBatch.PreviousSequence"/> is not the last one seen means the stream dropped something, and
/// the gap is fetched from the market's replay before the batch is passed on, so every subscriber sees every item
/// once, in sequence order. A subscriber that cannot keep up is disconnected (it resumes by sequence number).
/// </summary>
public sealed class MarketFeedRelay(string marketId, IClusterClient client, ILogger logger) : IAsyncObserver<MarketFeedBatch>
{
    /// <summary>Items one subscriber may have waiting before it counts as too slow.</summary>
    public const int SubscriberBuffer = 16_384;

    private readonly ConcurrentDictionary<long, Subscriber> _subscribers = new();
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private StreamSubscriptionHandle<MarketFeedBatch>? _handle;
    private long _nextId;
    private long _lastSequence = -1;

    public async Task<FeedSubscription> SubscribeAsync(Func<MarketFeedItem, bool> filter, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<MarketFeedItem>(new BoundedChannelOptions(SubscriberBuffer)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var id = Interlocked.Increment(ref _nextId);
        _subscribers[id] = new Subscriber(channel, filter);
        try
        {
            await EnsureSubscribedAsync(cancellationToken);
        }
        catch
        {
            _subscribers.TryRemove(id, out _);
            throw;
        }

        return new FeedSubscription(channel.Reader, () => _subscribers.TryRemove(id, out _));
    }

    public async Task OnNextAsync(MarketFeedBatch batch, StreamSequenceToken? token = null)
    {
        if (batch.LastSequence <= _lastSequence)
        {
            return;
        }

        if (_lastSequence >= 0 && batch.PreviousSequence > _lastSequence)
        {
            await FillGapAsync(batch.PreviousSequence);
        }

        Deliver(batch.Items.Where(i => i.Sequence > _lastSequence));
        _lastSequence = batch.LastSequence;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public async Task OnErrorAsync(Exception ex)
    {
        logger.LogWarning(ex, "Order-book feed of market {MarketId} failed; resubscribing", marketId);
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

        foreach (var subscriber in _subscribers.Values)
        {
            subscriber.Channel.Writer.TryComplete();
        }
    }

    private async Task FillGapAsync(long upTo)
    {
        var market = client.GetGrain<IOrderBookGrain>(marketId);
        while (_lastSequence < upTo)
        {
            var replay = await market.GetFeedAfterAsync(_lastSequence, 5_000);
            if (replay.Truncated || replay.Items.Count == 0)
            {
                // Too old to replay: subscribers start again from a snapshot.
                logger.LogWarning("Order-book feed of market {MarketId} lost items after {Sequence}; disconnecting its subscribers", marketId, _lastSequence);
                foreach (var (id, subscriber) in _subscribers)
                {
                    subscriber.Channel.Writer.TryComplete(new SlowSubscriberException());
                    _subscribers.TryRemove(id, out _);
                }

                _lastSequence = upTo;
                return;
            }

            var items = replay.Items.Where(i => i.Sequence <= upTo).ToList();
            Deliver(items);
            _lastSequence = items.Count > 0 ? Math.Max(_lastSequence, items[^1].Sequence) : upTo;
            if (items.Count < replay.Items.Count)
            {
                _lastSequence = upTo;
            }
        }
    }

    private void Deliver(IEnumerable<MarketFeedItem> items)
    {
        foreach (var item in items)
        {
            foreach (var (id, subscriber) in _subscribers)
            {
                if (!subscriber.Filter(item))
                {
                    continue;
                }

                if (!subscriber.Channel.Writer.TryWrite(item))
                {
                    logger.LogWarning("Disconnecting a slow order-book subscriber of market {MarketId}", marketId);
                    subscriber.Channel.Writer.TryComplete(new SlowSubscriberException());
                    _subscribers.TryRemove(id, out _);
                }
            }
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
                var stream = client.GetStreamProvider(MarketStreams.ProviderName).GetStream<MarketFeedBatch>(MarketFeedStreams.For(marketId));
                _handle = await stream.SubscribeAsync(this);
            }
        }
        finally
        {
            _startLock.Release();
        }
    }

    private sealed record Subscriber(Channel<MarketFeedItem> Channel, Func<MarketFeedItem, bool> Filter);
}

/// <summary>A client's view of an order-book feed; dispose to leave.</summary>
public sealed class FeedSubscription(ChannelReader<MarketFeedItem> items, Action leave) : IDisposable
{
    public ChannelReader<MarketFeedItem> Items { get; } = items;

    public void Dispose() => leave();
}
