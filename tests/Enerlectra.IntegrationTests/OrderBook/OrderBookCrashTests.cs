using Enerlectra.Api.V1;
using Enerlectra.Exchange.Grains;
using Enerlectra.IntegrationTests.Support;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Enerlectra.IntegrationTests.OrderBook;

/// <summary>
/// A bot streams orders while the silo holding the market is killed (SIGKILL). After a new silo takes over, every
/// order and trade that was acknowledged is there exactly once, retries by client order id create nothing twice,
/// and the ledger check (the journal's double entries against the balances) passes.
/// </summary>
public sealed class OrderBookCrashTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const int Orders = 400;
    private static readonly TimeSpan Takeover = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Killing_the_market_silo_while_a_bot_streams_loses_no_acknowledged_order_and_doubles_none()
    {
        await using var cluster = await ClusterAsync(silos: 1);
        await RunAsync(cluster, kill: s => s[0], restart: true);
    }

    [Fact]
    public async Task On_a_two_silo_cluster_the_survivor_takes_the_market_over_exactly()
    {
        await using var cluster = await ClusterAsync(silos: 2);
        // Make sure the market is active, then kill the silo that holds it.
        await cluster.Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrderBookGrain>(cluster.Market).GetDepthAsync(1);
        var hosting = await cluster.SiloHostingMarketAsync();
        await RunAsync(cluster, kill: _ => hosting, restart: false);
    }

    private async Task RunAsync(Cluster cluster, Func<IReadOnlyList<SiloProcess>, SiloProcess> kill, bool restart)
    {
        var api = cluster.Gateway.Api;
        var market = cluster.Market;
        var book = cluster.Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrderBookGrain>(market);
        var (maker, taker) = (ApiClients.NewUserId("maker"), ApiClients.NewUserId("taker"));
        await book.CreditEnergyAsync(maker, 10_000_000, "seed");
        await book.DepositAsync(taker, 100_000_000, "seed", "test");
        var makerToken = await api.TokenAsync(maker);
        var takerToken = await api.TokenAsync(taker);

        // The taker lifts the maker's asks as they come, so trades happen all through the stream.
        var acknowledged = new Dictionary<string, long>();
        var fills = new HashSet<long>();
        var killed = false;
        while (acknowledged.Count < Orders)
        {
            try
            {
                await using var session = new SessionClient(api.Orders, makerToken);
                await session.StartAsync(market, cancelOnDisconnect: false);
                await session.WaitForAsync(e => e.Type == "started", "started", Takeover);
                // After a reconnect the bot resends what it never saw acknowledged, under the same client order ids.
                var pending = Enumerable.Range(0, Orders).Select(i => $"ask-{i}").Where(id => !acknowledged.ContainsKey(id)).ToList();
                foreach (var clientOrderId in pending)
                {
                    await session.PlaceAsync(clientOrderId, "sell", 1_000, 200);
                }

                foreach (var clientOrderId in pending)
                {
                    var answer = await session.WaitForAsync(e => e.ClientOrderId == clientOrderId && e.Type is "accepted" or "rejected", clientOrderId, Takeover);
                    Assert.Equal("accepted", answer.Type);
                    acknowledged[clientOrderId] = answer.Order.OrderId;
                    if (acknowledged.Count == Orders / 4)
                    {
                        // Some orders were acknowledged (and lifted), more are in flight: now the silo dies.
                        await api.Orders.PlaceOrderAsync(new PlaceOrderRequest
                        {
                            MarketId = market, ClientOrderId = "lift-before", Side = "buy", QuantityWh = 1_000 * Orders, PriceNgweePerKwh = 200, TimeInForce = "ioc",
                        }, takerToken);
                        killed = true;
                        kill(cluster.Silos).Kill();
                        if (restart)
                        {
                            cluster.StartSilo();
                        }
                    }
                }

                await api.Orders.PlaceOrderAsync(new PlaceOrderRequest
                {
                    MarketId = market, ClientOrderId = "lift-after", Side = "buy", QuantityWh = 1_000 * Orders, PriceNgweePerKwh = 200, TimeInForce = "ioc",
                }, takerToken, deadline: DateTime.UtcNow.Add(Takeover));
                foreach (var e in session.Seen.Where(e => e.Fill is not null))
                {
                    fills.Add(e.Fill.TradeId);
                }
            }
            catch (Exception ex) when (ex is RpcException or TimeoutException or InvalidOperationException)
            {
                // The silo died under the session: reconnect (the gateway reaches the market on the new silo).
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }

        Assert.True(killed);
        var all = await Eventually.UntilAsync(
            async () => (await api.Orders.ListOrdersAsync(new ListOrdersRequest { MarketId = market, Status = "all", Limit = 1_000 }, makerToken)).Orders,
            orders => orders.Count >= Orders,
            "every acknowledged order to be listed",
            Takeover);

        // Every acknowledged order exactly once, under its client order id and its acknowledged order id.
        Assert.Equal(Orders, all.Count);
        Assert.Equal(Orders, all.Select(o => o.ClientOrderId).Distinct().Count());
        foreach (var (clientOrderId, orderId) in acknowledged)
        {
            Assert.Equal(orderId, all.Single(o => o.ClientOrderId == clientOrderId).OrderId);
        }

        // Everything the maker sold, the taker bought, once; and the journal agrees with every balance.
        var makerAccount = await book.GetAccountAsync(maker);
        var takerAccount = await book.GetAccountAsync(taker);
        Assert.Equal(all.Sum(o => o.FilledWh), makerAccount.SoldWh);
        Assert.Equal(makerAccount.SoldWh, takerAccount.BoughtWh);
        Assert.Equal(10_000_000, makerAccount.EnergyAvailableWh + makerAccount.EnergyReservedWh + makerAccount.SoldWh);
        var report = await book.AuditAsync();
        Assert.True(report.Balanced, string.Join("; ", report.Differences));
        var tape = await api.MarketData.ListTradesAsync(new ListTradesRequest { MarketId = market, Limit = 1_000 });
        Assert.Equal(tape.Trades.Count, tape.Trades.Select(t => t.TradeId).Distinct().Count());
        Assert.Subset(tape.Trades.Select(t => t.TradeId).ToHashSet(), fills);
    }

    private async Task<Cluster> ClusterAsync(int silos)
    {
        var clusterId = "ob-" + Guid.NewGuid().ToString("N")[..8];
        var markets = TestMarkets.Create(count: 1);
        var cluster = new Cluster(database, clusterId, markets);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                cluster.StartSilo();
            }

            await Eventually.UntilAsync(
                async () =>
                {
                    Assert.All(cluster.Silos, s => Assert.False(s.HasExited, "A silo process exited:\n" + s.RecentOutput));
                    return await database.CountAsync("SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @c AND status = 3", ("c", clusterId)) == silos;
                },
                "the silos to be Active",
                TimeSpan.FromSeconds(90));

            cluster.Gateway = await GatewayHost.StartAsync(database.ConnectionString, null, new Dictionary<string, string?>
            {
                ["Gateway:OrleansMode"] = "client",
                ["Cluster:ClusterId"] = clusterId,
                ["Cluster:ServiceId"] = clusterId,
                ["Cluster:GatewayListRefreshPeriod"] = "00:00:01",
            }, markets: markets);
        }
        catch
        {
            // Whatever started before the failure is stopped with it.
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>The gateway and every silo process started for a test; disposing it stops them all.</summary>
    private sealed class Cluster(TestDatabase database, string clusterId, TestMarkets markets) : IAsyncDisposable
    {
        private readonly List<SiloProcess> _silos = [];
        private readonly Dictionary<int, SiloProcess> _bySiloPort = [];

        public GatewayHost Gateway { get; set; } = null!;

        public IReadOnlyList<SiloProcess> Silos => _silos;

        public string Market { get; } = markets.Take();

        public void StartSilo()
        {
            var ports = FreePorts.Take(3);
            var environment = new Dictionary<string, string>
            {
                ["Postgres__ConnectionString"] = database.ConnectionString,
                ["Cluster__ClusterId"] = clusterId,
                ["Cluster__ServiceId"] = clusterId,
                ["Security__IdKey"] = TestGateway.IdKey,
                ["Cluster__SiloPort"] = ports[0].ToString(),
                ["Cluster__GatewayPort"] = ports[1].ToString(),
                ["Silo__HttpPort"] = ports[2].ToString(),
                ["Logging__LogLevel__Default"] = "Warning",
                // A dead silo is noticed within a few seconds, not the production defaults' quarter of a minute.
                ["Cluster__ProbeTimeout"] = "00:00:01",
                ["Cluster__MissedProbesLimit"] = "2",
            };
            foreach (var (key, value) in markets.Settings("__"))
            {
                environment[key] = value!;
            }

            var silo = SiloProcess.Start(environment);
            _silos.Add(silo);
            _bySiloPort[ports[0]] = silo;
        }

        public async ValueTask DisposeAsync()
        {
            if (Gateway is not null)
            {
                await Gateway.DisposeAsync();
            }

            // The restarted silo and the survivors too: a silo left running outlives the test run, loading the
            // machine and reaching for a database that is gone.
            foreach (var silo in _silos)
            {
                await silo.DisposeAsync();
            }
        }

        /// <summary>The silo whose process holds the market's activation (the one to kill for a real takeover).</summary>
        public async Task<SiloProcess> SiloHostingMarketAsync()
        {
            var grains = Gateway.Services.GetRequiredService<IGrainFactory>();
            var address = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grains.GetGrain<IOrderBookGrain>(Market));
            return _bySiloPort[address!.Endpoint.Port];
        }
    }
}
