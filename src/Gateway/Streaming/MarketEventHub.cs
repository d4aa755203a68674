using System.Collections.Concurrent;

namespace Enerlectra.Gateway.Streaming;

/// <summary>This node's market feeds, one per market, created on first use and kept for the life of the process.</summary>
public sealed class MarketEventHub(IClusterClient client, ILogger<MarketEventHub> logger) : IHostedService
{
    private readonly ConcurrentDictionary<string, MarketFeed> _feeds = new(StringComparer.Ordinal);

    public Task<MarketSubscription> SubscribeAsync(string marketId, CancellationToken cancellationToken) =>
        _feeds.GetOrAdd(marketId, id => new MarketFeed(id, client, logger)).SubscribeAsync(cancellationToken);

    public int SubscriberCount(string marketId) => _feeds.TryGetValue(marketId, out var feed) ? feed.SubscriberCount : 0;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var feed in _feeds.Values)
        {
            try
            {
                await feed.StopAsync();
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Unsubscribing a market feed during shutdown failed");
            }
        }
    }
}
