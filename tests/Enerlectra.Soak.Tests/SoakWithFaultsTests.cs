using Enerlectra.Soak;
using Xunit;
using Xunit.Abstractions;

namespace Enerlectra.Soak.Tests;

/// <summary>
/// The soak with faults, short: two silo processes and a client-mode gateway on PostgreSQL, households trading by
/// mobile money through the sandbox's outcome mix, while a silo is killed, PostgreSQL restarts, the providers become
/// unreachable, the gateway is killed with streams open and the other silo is killed; on the dev chain (which the test
/// command starts), wallet buyers pay on-chain while the node becomes unreachable and the chain reorganises. Afterwards
/// nothing acknowledged
/// may be lost, doubled or stuck, the providers' books must equal the wallets, and the event stream must match the log.
/// </summary>
public sealed class SoakWithFaultsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Nothing_is_lost_doubled_or_stuck_through_a_minute_of_faults()
    {
        var postgres = Environment.GetEnvironmentVariable("ENERLECTRA_TEST_POSTGRES");
        Assert.False(string.IsNullOrWhiteSpace(postgres), "ENERLECTRA_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts PostgreSQL.");
        var chain = Environment.GetEnvironmentVariable("ENERLECTRA_TEST_CHAIN_RPC");
        Assert.False(string.IsNullOrWhiteSpace(chain), "ENERLECTRA_TEST_CHAIN_RPC is not set: run the tests with scripts/test.sh, which starts the dev chain.");
        var options = new SoakOptions
        {
            Duration = TimeSpan.FromSeconds(60),
            ProviderOutage = TimeSpan.FromSeconds(10),
            Chain = new Uri(chain!),
            ChainOutage = TimeSpan.FromSeconds(10),
            SettleTimeout = TimeSpan.FromSeconds(150),
            Postgres = postgres!,
            PostgresDataDirectory = Environment.GetEnvironmentVariable("ENERLECTRA_PGDATA") ?? "/tmp/enerlectra-pg",
            RepositoryRoot = RepositoryRoot(),
            LogDirectory = Path.Combine(Path.GetTempPath(), "enerlectra-soak-ci"),
        };

        var progress = new StringWriter();
        var report = await SoakRun.RunAsync(options, progress);
        output.WriteLine(progress.ToString());
        output.WriteLine(report.ToString());

        Assert.True(report.Passed, report + Environment.NewLine + "Process logs and every request: " + options.LogDirectory);
        Assert.Equal(0, report.Audit.Lost);
        Assert.Equal(0, report.Audit.Doubled);
        Assert.Equal(0, report.Audit.Stuck);
        Assert.True(report.Audit.Mobile.Completed > 0, "No mobile money purchase completed: the soak proved nothing.");
        Assert.True(report.Audit.Wallet.Completed > 0, "No wallet purchase completed on the chain: the soak proved nothing about it.");
        Assert.True(report.Faults.Count >= 6, "Not every fault was injected: " + string.Join(", ", report.Faults.Select(f => f.Name)));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Enerlectra.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Enerlectra.sln not found above " + AppContext.BaseDirectory);
    }
}
