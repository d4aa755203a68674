using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Market;
using Enerlectra.Api.V1;
using Enerlectra.Exchange.Grains;
using Enerlectra.Gateway.Mapping;
using Enerlectra.Gateway.Streaming;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Enerlectra.Gateway.Services;

/// <summary>The book's public data: depth, the tape, and a live stream of both that resumes by sequence number.</summary>
[AllowAnonymous]
public sealed class MarketDataApiService(IGrainFactory grains, FeedHub hub, IOptions<MarketOptions> markets) : MarketDataService.MarketDataServiceBase
{
    private const int ReplayBatch = 5_000;

    public override async Task<Book> GetBook(GetBookRequest request, ServerCallContext context)
    {
        var marketId = RequestParsing.MarketId(request.MarketId, markets.Value);
        return (await grains.GetGrain<IOrderBookGrain>(marketId).GetDepthAsync(Depth(request.Depth))).ToApi();
    }

    public override async Task<ListTradesResponse> ListTrades(ListTradesRequest request, ServerCallContext context)
    {
        var marketId = RequestParsing.MarketId(request.MarketId, markets.Value);
        if (request.Limit is < 0 or > 1_000)
        {
            throw TradingException.Invalid("limit", "limit must be from 1 to 1000 (0 means 100).");
        }

        var trades = await grains.GetGrain<IOrderBookGrain>(marketId).GetTradesAsync(request.Limit == 0 ? 100 : request.Limit);
        var response = new ListTradesResponse();
        response.Trades.AddRange(trades.Select(t => t.ToPublic()));
        return response;
    }

    /// <summary>
    /// Subscribes first and reads the book (or the replay) second, so nothing that happens in between is missed;
    /// live items the snapshot or replay already covered are skipped by sequence number.
    /// </summary>
    public override async Task StreamMarketData(StreamMarketDataRequest request, IServerStreamWriter<MarketDataEvent> responseStream, ServerCallContext context)
    {
        var marketId = RequestParsing.MarketId(request.MarketId, markets.Value);
        var depth = Depth(request.Depth);
        if (request.AfterSequence < 0)
        {
            throw TradingException.Invalid("afterSequence", "afterSequence cannot be negative.");
        }

        var cancellationToken = context.CancellationToken;
        using var subscription = await hub.SubscribeAsync(marketId, item => item.Kind != MarketFeedKind.Order, cancellationToken);
        await context.WriteResponseHeadersAsync(new Metadata());
        var book = grains.GetGrain<IOrderBookGrain>(marketId);
        var covered = request.AfterSequence > 0 ? await ReplayAsync(book, request.AfterSequence, responseStream, cancellationToken) : null;
        if (covered is null)
        {
            var snapshot = await book.GetDepthAsync(depth);
            await responseStream.WriteAsync(new MarketDataEvent { Type = "snapshot", Sequence = snapshot.Sequence, Book = snapshot.ToApi() }, cancellationToken);
            covered = snapshot.Sequence;
        }

        try
        {
            await foreach (var item in subscription.Items.ReadAllAsync(cancellationToken))
            {
                if (item.Sequence > covered)
                {
                    await responseStream.WriteAsync(ToApi(item), cancellationToken);
                }
            }
        }
        catch (SlowSubscriberException ex)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, ex.Message));
        }
    }

    /// <summary>Replays what came after <paramref name="after"/>; null when that is too old (a snapshot is needed).</summary>
    private static async Task<long?> ReplayAsync(IOrderBookGrain book, long after, IServerStreamWriter<MarketDataEvent> output, CancellationToken cancellationToken)
    {
        var last = after;
        while (true)
        {
            var replay = await book.GetFeedAfterAsync(last, ReplayBatch);
            if (replay.Truncated || after > replay.LatestSequence)
            {
                return null;
            }

            foreach (var item in replay.Items.Where(i => i.Kind != MarketFeedKind.Order))
            {
                await output.WriteAsync(ToApi(item), cancellationToken);
            }

            if (replay.Items.Count < ReplayBatch)
            {
                return replay.LatestSequence;
            }

            last = replay.Items[^1].Sequence;
        }
    }

    private static MarketDataEvent ToApi(MarketFeedItem item) => item.Kind switch
    {
        MarketFeedKind.Level => new MarketDataEvent
        {
            Type = "level",
            Sequence = item.Sequence,
            Side = OrderMapping.Name(item.Level!.Side),
            Level = item.Level.ToApi(),
        },
        _ => new MarketDataEvent { Type = "trade", Sequence = item.Sequence, Trade = item.Trade!.ToPublic() },
    };

    private static int Depth(int depth) => depth switch
    {
        0 => 20,
        < 0 or > 1_000 => throw TradingException.Invalid("depth", "depth must be from 1 to 1000 (0 means 20)."),
        _ => depth,
    };
}
