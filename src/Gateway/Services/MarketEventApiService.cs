using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Market;
using Enerlectra.Api.V1;
using Enerlectra.Gateway.Auth;
using Enerlectra.Gateway.Mapping;
using Enerlectra.Gateway.Streaming;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using ApiMarketEvent = Enerlectra.Api.V1.MarketEvent;
using MarketEvent = Enerlectra.Abstractions.Market.MarketEvent;

namespace Enerlectra.Gateway.Services;

[Authorize]
public sealed class MarketEventApiService(IGrainFactory grains, MarketEventHub hub, IOptions<MarketOptions> markets) : MarketEventService.MarketEventServiceBase
{
    private const int ReplayBatch = 500;

    /// <summary>
    /// Response header of a stream opened with after_sequence 0: the market's sequence number when the subscription
    /// started, so a client that sees none of the events it follows before its connection drops still knows where
    /// to resume from (everything after it reaches the stream).
    /// </summary>
    public const string SequenceHeader = "enerlectra-sequence";

    [AllowAnonymous]
    public override Task StreamMarketEvents(StreamMarketEventsRequest request, IServerStreamWriter<ApiMarketEvent> responseStream, ServerCallContext context) =>
        RelayAsync(RequestParsing.MarketId(request.MarketId, markets.Value), request.AfterSequence, e => e.IsPublic, responseStream, context);

    public override Task StreamUserEvents(StreamUserEventsRequest request, IServerStreamWriter<ApiMarketEvent> responseStream, ServerCallContext context)
    {
        var userId = Ids.RequireUserId(request.UserId, "userId");
        context.RequireSelfOrOperator(userId);
        return RelayAsync(RequestParsing.MarketId(request.MarketId, markets.Value), request.AfterSequence, e => e.Involves(userId), responseStream, context);
    }

    /// <summary>
    /// Subscribes first and replays second, so nothing that happens during the replay is missed; live events the
    /// replay already covered are skipped by sequence number, and a gap in the live feed is filled from the log.
    /// </summary>
    private async Task RelayAsync(string marketId, long afterSequence, Func<MarketEvent, bool> visible,
        IServerStreamWriter<ApiMarketEvent> output, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        if (afterSequence < 0)
        {
            throw Abstractions.Errors.TradingException.Invalid("afterSequence", "afterSequence cannot be negative.");
        }

        using var subscription = await hub.SubscribeAsync(marketId, cancellationToken);
        var market = grains.GetGrain<IMarketGrain>(marketId);

        // Headers now tell the client its subscription is live: whatever happens from here on will reach it. A client
        // starting from now learns where "now" is (an empty read of the log answers its latest sequence number).
        var headers = new Metadata();
        if (afterSequence == 0)
        {
            var latest = (await market.GetEventsAfterAsync(long.MaxValue, 1)).LatestSequence;
            headers.Add(SequenceHeader, latest.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await context.WriteResponseHeadersAsync(headers);
        var last = afterSequence;
        if (afterSequence > 0)
        {
            last = await ReplayAsync(market, marketId, afterSequence, long.MaxValue, visible, output, announceTruncation: true);
        }

        await foreach (var e in subscription.Events.ReadAllAsync(cancellationToken))
        {
            if (e.Sequence <= last)
            {
                continue;
            }

            if (last > 0 && e.Sequence > last + 1)
            {
                last = await ReplayAsync(market, marketId, last, e.Sequence - 1, visible, output, announceTruncation: false);
            }

            if (visible(e))
            {
                await output.WriteAsync(e.ToApi(), cancellationToken);
            }

            last = e.Sequence;
        }
    }

    private static async Task<long> ReplayAsync(IMarketGrain market, string marketId, long after, long upTo,
        Func<MarketEvent, bool> visible, IServerStreamWriter<ApiMarketEvent> output, bool announceTruncation)
    {
        var last = after;
        while (true)
        {
            var replay = await market.GetEventsAfterAsync(last, ReplayBatch);
            if (announceTruncation && replay.Truncated)
            {
                announceTruncation = false;
                if (last > replay.LatestSequence)
                {
                    // The client's number is from before the market's log was reset (an in-memory dev run restarted).
                    last = replay.LatestSequence;
                }

                await output.WriteAsync(new ApiMarketEvent { MarketId = marketId, Type = "replay-truncated", Sequence = replay.Events.FirstOrDefault()?.Sequence - 1 ?? replay.LatestSequence });
            }

            foreach (var e in replay.Events.TakeWhile(e => e.Sequence <= upTo))
            {
                if (visible(e))
                {
                    await output.WriteAsync(e.ToApi());
                }

                last = e.Sequence;
            }

            if (replay.Events.Count < ReplayBatch || last >= upTo)
            {
                // When nothing newer is in the log, everything up to its end has been seen.
                return Math.Max(last, Math.Min(upTo, replay.LatestSequence));
            }
        }
    }
}
