using System.Collections.Concurrent;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Grpc.Core;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Two silos on PostgreSQL (the co-hosted gateway and a separate src/Silo process); the separate one is killed in the
/// middle of trading. Trades whose grains lived there must be picked up by the survivor: none lost, none paid twice.
/// </summary>
public sealed class SiloFailoverTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const int Sellers = 4;
    private const int Trades = 40;
    private const long BuyWh = 1_000;
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Killing_a_silo_mid_trading_loses_no_trade_and_doubles_none()
    {
        var clusterId = "it-" + Guid.NewGuid().ToString("N")[..8];
        await using var sandbox = await OwnSandbox.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(database.ConnectionString, sandbox.Settings, new Dictionary<string, string?>
        {
            ["Cluster:ClusterId"] = clusterId,
            ["Cluster:ServiceId"] = clusterId,
        });

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
            ["Trading__CallbackBaseUrl"] = $"http://127.0.0.1:{gateway.HttpPort}",
            ["Trading__PaymentPollInterval"] = "00:00:00.3",
            ["Trading__MaxPaymentPollInterval"] = "00:00:01",
            ["Trading__ReconcileReminderPeriod"] = "00:00:03",
            ["Trading__MarketSweepInterval"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in sandbox.Settings.ClientSettings("__"))
        {
            environment[key] = value!;
        }

        await using var siloB = SiloProcess.Start(environment);
        await Eventually.UntilAsync(
            async () =>
            {
                Assert.False(siloB.HasExited, "The silo process exited:\n" + siloB.RecentOutput);
                return await database.CountAsync("SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @c AND status = 3", ("c", clusterId)) == 2;
            },
            "both silos to be Active in the membership table",
            TimeSpan.FromSeconds(90));

        var api = gateway.Api;
        var operatorToken = await api.TokenAsync("ops", "operator");
        var sellers = new List<(string Id, Offer Offer)>();
        for (var s = 0; s < Sellers; s++)
        {
            var id = ApiClients.NewUserId("seller");
            await api.CreditGenerationAsync(id, 20_000);
            var token = await api.TokenAsync(id);
            sellers.Add((id, await api.CreateOfferAsync(token, 12_000, 1_000 + 100 * s)));
        }

        // Every fifth buyer declines, so failures (releases) run through the failover too.
        var buyers = Enumerable.Range(0, Trades)
            .Select(i => (Index: i, Id: ApiClients.NewUserId("buyer"), Phone: ApiClients.MtnPhone(i % 5 == 4 ? "0001" : "5555"), Offer: sellers[i % Sellers].Offer))
            .ToList();
        // Buyers pay only from verified phones: each verifies theirs before trading starts.
        await Task.WhenAll(buyers.Select(async b => await api.LinkVerifiedPhoneAsync(b.Id, await api.TokenAsync(b.Id), b.Phone)));
        var accepted = new ConcurrentDictionary<int, Trade>();
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var trading = buyers.Select(async b =>
        {
            // Staggered starts spread the trades over time, so some begin before, during and after the kill.
            await Task.Delay(TimeSpan.FromMilliseconds(120 * b.Index));
            var token = await ExecuteWithRetriesAsync(() => api.TokenAsync(b.Id));
            var request = new ExecuteTradeRequest { OfferId = b.Offer.OfferId, PhoneNumber = b.Phone, EnergyWh = BuyWh, IdempotencyKey = $"order-{b.Index}" };
            // A client that loses its answer retries with the same key; the server must treat it as the same trade.
            var trade = await ExecuteWithRetriesAsync(async () => await api.Trades.ExecuteTradeAsync(request, token, deadline: DateTime.UtcNow.AddSeconds(20)));
            accepted[b.Index] = trade;
            if (accepted.Count >= Trades / 3)
            {
                halfway.TrySetResult();
            }
        }).ToList();

        await halfway.Task.WaitAsync(TimeSpan.FromSeconds(120));
        siloB.Kill();
        await Task.WhenAll(trading).WaitAsync(FailoverTimeout);
        Assert.Equal(Trades, accepted.Count);
        // The kill was real and noticed: the survivor declared the other silo Dead (6) in the membership table.
        await Eventually.UntilAsync(
            async () => await database.CountAsync("SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @c AND status = 6", ("c", clusterId)) == 1,
            "the killed silo to be declared dead",
            FailoverTimeout);

        var finals = new List<Trade>();
        foreach (var trade in accepted.OrderBy(kv => kv.Key).Select(kv => kv.Value))
        {
            finals.Add(await api.WaitForFinalAsync(trade.TradeId, operatorToken, FailoverTimeout));
        }

        Assert.Equal(Trades, finals.Select(t => t.TradeId).Distinct().Count());
        var completed = finals.Where(t => t.Status == "completed").ToList();
        foreach (var b in buyers)
        {
            var expected = b.Phone.EndsWith("0001", StringComparison.Ordinal) ? "failed" : "completed";
            Assert.Equal(expected, accepted[b.Index].TradeId is var id ? finals.Single(t => t.TradeId == id).Status : null);
        }

        // Nothing charged twice, nothing settled without a charge; the only other charges are the buyers' verifications.
        var ledger = await sandbox.Control.LedgerAsync();
        Assert.Equal((completed.Count, completed.Sum(t => t.AmountNgwee)), ledger.Total.Payments);
        Assert.Equal((Trades, Trades * ApiClients.VerificationNgwee), ledger.Total.Verifications);

        foreach (var (sellerId, offer) in sellers)
        {
            var sold = completed.Where(t => t.SellerId == sellerId).ToList();
            var wallet = await api.WalletAsync(sellerId, operatorToken);
            Assert.Equal(sold.Sum(t => t.SellerNetNgwee), wallet.EarningsNgwee);
            var o = await api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId });
            Assert.Equal((0L, sold.Sum(t => t.EnergyWh)), (o.PendingWh, o.SoldWh));
            // Conservation: the offer's energy is sold or still for sale; the wallet's generation is unsold,
            // on offer, or sold — never created or destroyed by the failover.
            Assert.Equal(o.EnergyWh, o.RemainingWh + o.SoldWh);
            Assert.Equal(wallet.GeneratedWh, wallet.AvailableWh + wallet.ReservedWh + o.SoldWh);
            Assert.Equal(o.RemainingWh, wallet.ReservedWh);
        }

        foreach (var b in buyers)
        {
            var trade = finals.Single(t => t.TradeId == accepted[b.Index].TradeId);
            var wallet = await api.WalletAsync(b.Id, operatorToken);
            var done = trade.Status == "completed";
            Assert.Equal((done ? BuyWh : 0, done ? trade.AmountNgwee : 0), (wallet.BoughtWh, wallet.SpentNgwee));
        }
    }

    private static async Task<T> ExecuteWithRetriesAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + FailoverTimeout;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException ex) when (DateTime.UtcNow < deadline && ex.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.DeadlineExceeded or StatusCode.Unknown)
            {
                // The silo holding a grain died mid-call; the answer is unknown, so ask again with the same key.
                await Task.Delay(500);
            }
        }
    }
}
