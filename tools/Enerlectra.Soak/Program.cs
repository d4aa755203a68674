using System.Globalization;
using Enerlectra.Soak;

// The soak with faults (issue 11, RELIABILITY.md). Usage, after `dotnet build Enerlectra.sln`:
//   dotnet run --project tools/Enerlectra.Soak -- [--duration 300] [--postgres "<connection string>"]
//     [--pgdata /tmp/enerlectra-pg | none] [--outage 30] [--settle 180] [--buyers 18] [--sellers 6] [--seed 1]
//     [--base-port 21100] [--faults on|off] [--chain http://127.0.0.1:8545 | none] [--wallet-buyers 4] [--chain-outage 15]
// PostgreSQL: --postgres, else ENERLECTRA_TEST_POSTGRES (scripts/test.sh and .ci/start-postgres.sh set it up).
// The dev chain: --chain, else ENERLECTRA_TEST_CHAIN_RPC (.ci/start-chain.sh); without one, mobile money only.
// Exit code 0 when nothing was lost, doubled or stuck and every check held; 1 otherwise; 2 on bad arguments.
var settings = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"Unexpected argument '{args[i]}'. Options: --duration S --postgres CS --pgdata DIR --outage S --settle S --buyers N --sellers N --seed N --base-port N --faults on|off --chain URL|none --wallet-buyers N --chain-outage S");
        return 2;
    }

    settings[args[i][2..]] = args[++i];
}

int Number(string name, int fallback) => settings.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

var postgres = settings.GetValueOrDefault("postgres") ?? Environment.GetEnvironmentVariable("ENERLECTRA_TEST_POSTGRES");
if (string.IsNullOrWhiteSpace(postgres))
{
    Console.Error.WriteLine("The soak needs PostgreSQL: pass --postgres or set ENERLECTRA_TEST_POSTGRES (e.g. export ENERLECTRA_TEST_POSTGRES=\"$(bash .ci/start-postgres.sh)\").");
    return 2;
}

var options = new SoakOptions
{
    Duration = TimeSpan.FromSeconds(Number("duration", 300)),
    SettleTimeout = TimeSpan.FromSeconds(Number("settle", 180)),
    ProviderOutage = TimeSpan.FromSeconds(Number("outage", 30)),
    Postgres = postgres,
    // "none": no database restart (e.g. when other work shares the PostgreSQL server).
    PostgresDataDirectory = (settings.GetValueOrDefault("pgdata") ?? Environment.GetEnvironmentVariable("ENERLECTRA_PGDATA") ?? "/tmp/enerlectra-pg") is var pgdata && pgdata != "none" ? pgdata : null,
    Buyers = Number("buyers", 18),
    Sellers = Number("sellers", 6),
    Seed = Number("seed", 1),
    BasePort = Number("base-port", 21100),
    Faults = settings.GetValueOrDefault("faults", "on") != "off",
    Chain = (settings.GetValueOrDefault("chain") ?? Environment.GetEnvironmentVariable("ENERLECTRA_TEST_CHAIN_RPC")) is { Length: > 0 } chain && chain != "none" ? new Uri(chain) : null,
    WalletBuyers = Number("wallet-buyers", 4),
    ChainOutage = TimeSpan.FromSeconds(Number("chain-outage", 15)),
    RepositoryRoot = RepositoryRoot(),
};

var report = await SoakRun.RunAsync(options, Console.Out);
Console.WriteLine(report);
return report.Passed ? 0 : 1;

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Enerlectra.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run the soak from inside the repository: Enerlectra.sln was not found above " + AppContext.BaseDirectory);
}
