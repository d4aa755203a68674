using System.Net.Http.Json;
using System.Text.Json;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Hosting;
using Enerlectra.Sandbox;
using Enerlectra.Sandbox.Mtn;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Xunit;

namespace Enerlectra.Tests.Support;

/// <summary>
/// A real single-silo Orleans cluster configured exactly as production configures it (AddEnerlectraSilo, in-memory
/// storage because no Postgres connection string is given), paying through a real MTN sandbox over HTTP.
/// InProcessTestCluster gives each fixture its own in-memory transport and membership, so fixtures of different
/// test classes run in parallel without sharing ports or state.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public MobileMoneySandbox Sandbox { get; private set; } = null!;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public HttpClient SandboxHttp { get; private set; } = null!;

    /// <summary>The silo's own keyed id service, so tests derive ids exactly as the server does.</summary>
    public KeyedIds Ids => Cluster.Silos[0].ServiceProvider.GetRequiredService<KeyedIds>();

    public async Task InitializeAsync()
    {
        // A short approve delay keeps payments genuinely asynchronous (the grain must poll) but the tests quick.
        Sandbox = await MobileMoneySandbox.StartAsync(new SandboxOptions { ApproveDelay = TimeSpan.FromMilliseconds(200) });
        SandboxHttp = new HttpClient { BaseAddress = Sandbox.BaseAddress };

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["MobileMoney:Mtn:BaseUrl"] = Sandbox.BaseAddress.ToString(),
                ["MobileMoney:Mtn:ApiUser"] = Sandbox.Options.ApiUser,
                ["MobileMoney:Mtn:ApiKey"] = Sandbox.Options.ApiKey,
                ["MobileMoney:Mtn:SubscriptionKey"] = Sandbox.Options.SubscriptionKey,
                ["Trading:PaymentPollInterval"] = "00:00:00.2",
                ["Trading:MaxPaymentPollInterval"] = "00:00:01",
                ["Trading:ReconcileReminderPeriod"] = "00:00:05",
                ["Trading:MarketSweepInterval"] = "00:00:01",
            })
            .AddInMemoryCollection(Names.Markets.Settings(":"))
            .AddInMemoryCollection(ExtraSettings(Sandbox))
            .Build();

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddEnerlectraSilo(configuration);
            ConfigureSilo(silo);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>What a derived fixture adds to the silo after everything production configures.</summary>
    protected virtual void ConfigureSilo(ISiloBuilder silo)
    {
    }

    /// <summary>Settings a derived fixture adds (or overrides) for its own test classes.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings(MobileMoneySandbox sandbox) => [];

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        SandboxHttp?.Dispose();
        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }
    }

    public async Task<MtnSandboxLedgerView> LedgerAsync() =>
        (await SandboxHttp.GetFromJsonAsync<MtnSandboxLedgerView>("sandbox/mtn/ledger", Json))!;

    public async Task<MtnSandboxReferenceView> DescribeAsync(Guid referenceId) =>
        (await SandboxHttp.GetFromJsonAsync<MtnSandboxReferenceView>($"sandbox/mtn/requesttopay/{referenceId:D}", Json))!;
}
