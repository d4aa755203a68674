using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Xunit;

namespace Enerlectra.Persistence.Tests;

public sealed class ClusterTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Two_silos_form_a_cluster_and_the_survivor_serves_the_grain_with_its_persisted_state()
    {
        // Both silos start at once: concurrent schema application and concurrent joins.
        var starting = await Task.WhenAll(
            TestSilo.StartAsync(_db.ConnectionString, _clusterId),
            TestSilo.StartAsync(_db.ConnectionString, _clusterId));
        await using var a = starting[0];
        await using var b = starting[1];

        await Poll.UntilAsync(async () => await ActiveSilos() == 2, "both silos Active in OrleansMembershipTable");

        var viaB = b.Grains.GetGrain<ICounterGrain>("failover");
        Assert.Equal(10, await viaB.Add(10));
        Assert.Equal(b.Address, await viaB.HostSilo());

        await b.StopAsync();
        Assert.Equal(1, await _db.ScalarAsync<long>(
            "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @c AND Port = @p AND Status = 6",
            ("c", _clusterId), ("p", b.SiloPort)));

        var viaA = a.Grains.GetGrain<ICounterGrain>("failover");
        // Until silo A has processed B's departure a call can still be routed to B; retry until
        // the grain is re-activated on A.
        await Poll.UntilAsync(async () => await viaA.HostSilo() == a.Address, "grain re-activated on the surviving silo");
        Assert.Equal(10, await viaA.Get());
        Assert.Equal(11, await viaA.Add(1));
        Assert.Equal(1, await ActiveSilos());
    }

    [Fact]
    public async Task Defunct_silo_rows_are_cleaned_up_but_live_ones_are_kept()
    {
        await using var a = await TestSilo.StartAsync(_db.ConnectionString, _clusterId);
        await using (var b = await TestSilo.StartAsync(_db.ConnectionString, _clusterId))
        {
            await Poll.UntilAsync(async () => await ActiveSilos() == 2, "both silos Active");
        }

        Assert.Equal(1, await _db.ScalarAsync<long>(
            "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @c AND Status = 6", ("c", _clusterId)));

        // Goes through CleanupDefunctSiloEntryKey, which matches the dead row on the exact
        // StartTime/IAmAliveTime/SuspectTimes it read: this proves timestamps round-trip exactly.
        var table = a.Host.Services.GetRequiredService<IMembershipTable>();
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1));

        Assert.Equal(0, await _db.ScalarAsync<long>(
            "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @c AND Status = 6", ("c", _clusterId)));
        Assert.Equal(1, await ActiveSilos());
    }

    [Fact]
    public async Task Membership_timestamps_are_stored_as_utc_instants()
    {
        // With a non-UTC session time zone, a DateTime that reached PostgreSQL as a zone-less
        // timestamp would be reinterpreted as local time and land hours away from now().
        await _db.ExecuteAsync($"ALTER DATABASE \"{_db.Name}\" SET timezone = 'Pacific/Kiritimati'");
        await using var silo = await TestSilo.StartAsync(_db.ConnectionString, _clusterId);

        var skewSeconds = await _db.ScalarAsync<double>(
            "SELECT abs(extract(epoch FROM (now() - IAmAliveTime))) FROM OrleansMembershipTable WHERE DeploymentId = @c",
            ("c", _clusterId));
        Assert.InRange(skewSeconds, 0, 600);
    }

    [Fact]
    public async Task An_external_client_finds_gateways_through_postgres()
    {
        await using var silo = await TestSilo.StartAsync(_db.ConnectionString, _clusterId);
        await silo.Grains.GetGrain<ICounterGrain>("client").Add(21);

        using var clientHost = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.ClearProviders())
            .UseOrleansClient(client => client
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = _clusterId;
                    o.ServiceId = TestSilo.ServiceId;
                })
                .UseEnerlectraPostgresClustering(_db.ConnectionString))
            .Build();
        await clientHost.StartAsync();
        try
        {
            var grain = clientHost.Services.GetRequiredService<IClusterClient>().GetGrain<ICounterGrain>("client");
            Assert.Equal(21, await grain.Get());
            Assert.Equal(42, await grain.Add(21));
        }
        finally
        {
            await clientHost.StopAsync();
        }
    }

    private async Task<long> ActiveSilos()
        => await _db.ScalarAsync<long>(
            "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @c AND Status = 3", ("c", _clusterId));
}
