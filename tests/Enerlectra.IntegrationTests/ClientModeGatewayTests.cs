using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// The production topology: silos as their own processes (src/Silo) on PostgreSQL membership, and a gateway that
/// hosts no silo but joins the cluster as a client. A trade and its live events must work across that boundary.
/// </summary>
public sealed class ClientModeGatewayTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_client_mode_gateway_trades_and_streams_through_a_separate_silo()
    {
        var clusterId = "cm-" + Guid.NewGuid().ToString("N")[..8];
        await using var sandbox = await OwnSandbox.StartAsync();
        var ports = FreePorts.Take(3);
        var siloGatewayPort = ports[1];
        var environment = new Dictionary<string, string>
        {
            ["Postgres__ConnectionString"] = database.ConnectionString,
            ["Cluster__ClusterId"] = clusterId,
            ["Cluster__ServiceId"] = clusterId,
            ["Security__IdKey"] = TestGateway.IdKey,
            ["Cluster__SiloPort"] = ports[0].ToString(),
            ["Cluster__GatewayPort"] = siloGatewayPort.ToString(),
            ["Silo__HttpPort"] = ports[2].ToString(),
            ["Trading__PaymentPollInterval"] = "00:00:00.3",
            ["Trading__MaxPaymentPollInterval"] = "00:00:01",
            ["Trading__ReconcileReminderPeriod"] = "00:00:03",
            ["Payouts__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in sandbox.Settings.ClientSettings("__"))
        {
            environment[key] = value!;
        }

        // The silo and the gateway refuse markets they are not configured with, so both get the same set.
        var markets = TestMarkets.Create(count: 1);
        foreach (var (key, value) in markets.Settings("__"))
        {
            environment[key] = value!;
        }

        await using var silo = SiloProcess.Start(environment);
        await Eventually.UntilAsync(
            async () =>
            {
                Assert.False(silo.HasExited, "The silo process exited:\n" + silo.RecentOutput);
                return await database.CountAsync("SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @c AND status = 3", ("c", clusterId)) == 1;
            },
            "the silo to be Active",
            TimeSpan.FromSeconds(90));

        await using var gateway = await GatewayHost.StartAsync(database.ConnectionString, sandbox.Settings, new Dictionary<string, string?>
        {
            ["Gateway:OrleansMode"] = "client",
            ["Cluster:ClusterId"] = clusterId,
            ["Cluster:ServiceId"] = clusterId,
        }, markets: markets);

        // The gateway found the silo through PostgreSQL: every call below crosses the process boundary.
        var api = gateway.Api;
        var market = new Market(api);
        var (stream, _) = await market.OpenLiveStreamAsync();
        await using (stream)
        {
            var (sellerId, sellerToken, offer) = await market.SellerWithOfferAsync(6_000, 5_000, 1_200);
            var (_, buyerToken, buyerPhone) = await api.BuyerAsync(ApiClients.MtnPhone());
            var started = await api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = buyerPhone, EnergyWh = 2_000 }, buyerToken);
            var trade = await api.WaitForFinalAsync(started.TradeId, buyerToken);
            Assert.Equal("completed", trade.Status);
            Assert.Equal(trade.SellerNetNgwee, (await api.WalletAsync(sellerId, sellerToken)).EarningsNgwee);
            await stream.WaitForAsync(e => e.Type == "trade-completed" && e.TradeId == started.TradeId, "the trade-completed event through the client gateway");
        }
    }
}
