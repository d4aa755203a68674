using System.Threading.Channels;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;

namespace Enerlectra.IntegrationTests.OrderBook;

/// <summary>The market data stream: a snapshot, then level changes and trades in sequence, resumable, over gRPC-Web.</summary>
public sealed class MarketDataStreamTests(OrderBookFixture fixture) : IClassFixture<OrderBookFixture>
{
    private ApiClients Api => fixture.Api;

    [Fact]
    public async Task A_snapshot_then_every_level_change_and_trade_in_sequence_and_a_resume_gets_exactly_what_was_missed()
    {
        var market = new Market(Api).Id;
        var seller = await TraderAsync(market);
        var buyer = await TraderAsync(market);
        await Place(seller, market, "s-0", "sell", 1_000, 300);

        using var first = new DataStream(Api.MarketData, new StreamMarketDataRequest { MarketId = market, Depth = 5 });
        var snapshot = await first.NextAsync();
        Assert.Equal("snapshot", snapshot.Type);
        Assert.Equal((300L, 1_000L), (snapshot.Book.Asks.Single().PriceNgweePerKwh, snapshot.Book.Asks.Single().QuantityWh));

        await Place(seller, market, "s-1", "sell", 2_000, 310);
        await Place(buyer, market, "b-1", "buy", 1_500, 310);

        var live = new List<MarketDataEvent>();
        while (live.Count(e => e.Type == "trade") < 2
               || !live.Any(e => e.Type == "level" && e.Level.PriceNgweePerKwh == 300 && e.Level.QuantityWh == 0)
               || !live.Any(e => e.Type == "level" && e.Level.PriceNgweePerKwh == 310 && e.Level.QuantityWh == 1_500))
        {
            live.Add(await first.NextAsync());
        }

        Assert.All(live, e => Assert.True(e.Sequence > snapshot.Sequence));
        Assert.Equal(live.Select(e => e.Sequence).Order(), live.Select(e => e.Sequence));
        Assert.Equal([(300L, 1_000L), (310L, 500L)], live.Where(e => e.Type == "trade").Select(e => (e.Trade.PriceNgweePerKwh, e.Trade.QuantityWh)));
        // The 310 level went from 2,000 (the new ask) to 1,500 (after the trade), in that order.
        Assert.Equal([2_000L, 1_500L], live.Where(e => e.Type == "level" && e.Side == "sell" && e.Level.PriceNgweePerKwh == 310).Select(e => e.Level.QuantityWh));

        // A client that saw up to the first trade reconnects and gets exactly the rest, in order, without a snapshot.
        var resumeAfter = live.First(e => e.Type == "trade").Sequence;
        using var resumed = new DataStream(Api.MarketData, new StreamMarketDataRequest { MarketId = market, AfterSequence = resumeAfter });
        var missed = live.Where(e => e.Sequence > resumeAfter).ToList();
        var replayed = new List<MarketDataEvent>();
        while (replayed.Count < missed.Count)
        {
            replayed.Add(await resumed.NextAsync());
        }

        Assert.Equal(missed, replayed);
    }

    [Fact]
    public async Task One_order_sweeping_1500_levels_reaches_the_stream_completely_and_in_order()
    {
        // One commit of about 6,000 feed items (a trade, two order changes and a level each), far more than one
        // stream message may carry: it goes out as several, which the gateway's relay must pass on as one chain.
        const int levels = 1_500;
        var market = new Market(Api).Id;
        var perSeller = OrderBookFixture.MaxOpenOrders;
        await Task.WhenAll(Enumerable.Range(0, levels / perSeller).Select(async s =>
        {
            var seller = await TraderAsync(market);
            for (var i = 0; i < perSeller; i++)
            {
                await Place(seller, market, $"s-{i}", "sell", 1_000, 100 + s * perSeller + i);
            }
        }));

        using var stream = new DataStream(Api.MarketData, new StreamMarketDataRequest { MarketId = market, Depth = 5 });
        var snapshot = await stream.NextAsync();
        Assert.Equal(100L, snapshot.Book.Asks[0].PriceNgweePerKwh);

        var buyer = await TraderAsync(market);
        var sweep = await Api.Orders.PlaceOrderAsync(new PlaceOrderRequest
        {
            MarketId = market, ClientOrderId = "sweep", Side = "buy", QuantityWh = levels * 1_000L, PriceNgweePerKwh = 100 + levels,
        }, buyer);
        Assert.Equal(levels, sweep.Fills.Count);

        var live = new List<MarketDataEvent>();
        while (live.Count < 2 * levels)
        {
            live.Add(await stream.NextAsync());
        }

        var prices = Enumerable.Range(100, levels).Select(p => (long)p).ToList();
        Assert.Equal(prices, live.Where(e => e.Type == "trade").Select(e => e.Trade.PriceNgweePerKwh));
        Assert.Equal(prices, live.Where(e => e.Type == "level").Select(e => e.Level.PriceNgweePerKwh));
        Assert.All(live.Where(e => e.Type == "level"), e => Assert.Equal(0, e.Level.QuantityWh));
        Assert.Equal(sweep.Fills.Select(f => f.Sequence), live.Where(e => e.Type == "trade").Select(e => e.Sequence));
        Assert.Equal(live.Select(e => e.Sequence).Order(), live.Select(e => e.Sequence));
        Assert.All(live, e => Assert.True(e.Sequence > snapshot.Sequence));
    }

    [Fact]
    public async Task The_stream_works_over_grpc_web_and_a_resume_from_before_the_first_event_starts_with_a_snapshot()
    {
        var market = new Market(Api).Id;
        var seller = await TraderAsync(market);
        await Place(seller, market, "s", "sell", 1_000, 250);

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{fixture.Host.HttpPort}",
            new GrpcChannelOptions
            {
                // The HTTP/1.1 port, as a browser reaches it.
                HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWebText, new HttpClientHandler()),
                HttpVersion = System.Net.HttpVersion.Version11,
                HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            });
        using var web = new DataStream(new MarketDataService.MarketDataServiceClient(channel), new StreamMarketDataRequest { MarketId = market });
        var snapshot = await web.NextAsync();
        Assert.Equal("snapshot", snapshot.Type);
        Assert.Equal(250, snapshot.Book.Asks.Single().PriceNgweePerKwh);

        await Place(seller, market, "s2", "sell", 1_000, 260);
        var level = await web.NextAsync();
        Assert.Equal(("level", "sell", 260L, 1_000L), (level.Type, level.Side, level.Level.PriceNgweePerKwh, level.Level.QuantityWh));
    }

    [Fact]
    public async Task Bad_requests_are_refused_naming_the_field()
    {
        var unknown = await Assert.ThrowsAsync<RpcException>(async () =>
            await Api.MarketData.GetBookAsync(new GetBookRequest { MarketId = "nowhere" }));
        Assert.Equal((StatusCode.NotFound, "marketId"), (unknown.StatusCode, unknown.Trailers.GetValue("field")));

        var depth = await Assert.ThrowsAsync<RpcException>(async () =>
            await Api.MarketData.GetBookAsync(new GetBookRequest { Depth = 5_000 }));
        Assert.Equal((StatusCode.InvalidArgument, "depth"), (depth.StatusCode, depth.Trailers.GetValue("field")));

        using var negative = new DataStream(Api.MarketData, new StreamMarketDataRequest { AfterSequence = -1 });
        var ex = await Assert.ThrowsAsync<RpcException>(negative.NextAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
    }

    private async Task<Metadata> TraderAsync(string market)
    {
        var user = ApiClients.NewUserId("bot");
        await fixture.FundAsync(market, user);
        return await Api.TokenAsync(user);
    }

    private async Task Place(Metadata token, string market, string clientOrderId, string side, long wh, long price) =>
        await Api.Orders.PlaceOrderAsync(new PlaceOrderRequest { MarketId = market, ClientOrderId = clientOrderId, Side = side, QuantityWh = wh, PriceNgweePerKwh = price }, token);

    /// <summary>A market data stream read in the background, one event at a time.</summary>
    private sealed class DataStream : IDisposable
    {
        private readonly AsyncServerStreamingCall<MarketDataEvent> _call;
        private readonly Channel<MarketDataEvent> _events = Channel.CreateUnbounded<MarketDataEvent>();

        public DataStream(MarketDataService.MarketDataServiceClient client, StreamMarketDataRequest request)
        {
            _call = client.StreamMarketData(request);
            _ = Task.Run(async () =>
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

        public async Task<MarketDataEvent> NextAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                return await _events.Reader.ReadAsync(timeout.Token);
            }
            catch (ChannelClosedException ex) when (ex.InnerException is RpcException rpc)
            {
                throw rpc;
            }
        }

        public void Dispose() => _call.Dispose();
    }
}
