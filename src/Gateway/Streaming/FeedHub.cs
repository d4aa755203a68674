using System.Collections.Concurrent;
using Enerlectra.Abstractions.Market;
using Enerlectra.Exchange.Grains;

namespace Enerlectra.Gateway.Streaming;

/// <summary>
/// This node's order-book feeds: one Orleans stream subscription per market, copied in-process to every market data
/// stream and order session connected here (each with its own filter and bounded buffer).
/// </summary>
public sealed class FeedHub(IClusterClient client, ILogger<FeedHub> logger) : IHostedService
{
    private readonly ConcurrentDictionary<string, MarketFeedRelay> _relays = new(StringComparer.Ordinal);

    public Task<FeedSubscription> SubscribeAsync(string marketId, Func<MarketFeedItem, bool> filter, CancellationToken cancellationToken) =>
        _relays.GetOrAdd(marketId, id => new MarketFeedRelay(id, client, logger)).SubscribeAsync(filter, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var relay in _relays.Values)
        {
            try
            {
                await relay.StopAsync();
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Unsubscribing an order-book feed during shutdown failed");
            }
        }
    }
}
