using System.Globalization;
using Enerlectra.Exchange;
using Enerlectra.Exchange.Ledger;
using Enerlectra.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;

namespace Enerlectra.Tools;

/// <summary>
/// The ledger check of one market, straight from its journal in PostgreSQL and independent of any running server:
/// every event from the first is read back as double entries and summed per account and asset (each asset must sum
/// to zero), and the same events are replayed into a market ledger whose balances must equal those sums. Prints the
/// totals and every account's balance; exits 1 when anything does not add up.
/// </summary>
public static class LedgerCheckCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        Arguments parsed;
        try
        {
            parsed = Arguments.Parse(args);
        }
        catch (ArgumentException e)
        {
            await stderr.WriteLineAsync(e.Message);
            await stderr.WriteLineAsync(ToolCommands.Usage);
            return 2;
        }

        var balances = new LedgerBalances();
        var replayed = new MarketLedger();
        var replayable = true;
        long lastVersion = 0;
        var problems = new List<string>();
        try
        {
            await using var services = new ServiceCollection()
                .AddSerializer(s => s.AddAssembly(typeof(MarketSnapshot).Assembly))
                .BuildServiceProvider();
            await using var journal = new PostgresMarketJournal(
                NpgsqlDataSource.Create(parsed.Postgres), parsed.ServiceId, services.GetRequiredService<Serializer>());
            await foreach (var entry in journal.ReadAsync("market/" + parsed.Market, 0, cancellationToken))
            {
                if (entry.Version != lastVersion + 1)
                {
                    problems.Add($"the journal skips from version {lastVersion} to {entry.Version}");
                }

                lastVersion = entry.Version;

                balances.Add(entry.Event);
                if (!replayable)
                {
                    continue;
                }

                try
                {
                    replayed.Apply(entry.Event);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The events themselves disagree (e.g. a settlement of a payout that was never requested).
                    problems.Add($"version {entry.Version} ({entry.Event.GetType().Name}) cannot be replayed: {ex.Message}");
                    replayable = false;
                }
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ArgumentException or InvalidDataException)
        {
            await stderr.WriteLineAsync($"Could not read the journal of market '{parsed.Market}': {ex.Message}");
            return 3;
        }

        await stdout.WriteLineAsync(
            $"Ledger check of market '{parsed.Market}' (service '{parsed.ServiceId}'): {balances.Entries} journal entries.");
        if (balances.Entries == 0)
        {
            await stdout.WriteLineAsync("  No entries: is this the right --service-id and --market?");
        }

        await stdout.WriteLineAsync("Totals per asset (each must be 0):");
        foreach (var (asset, total) in balances.Totals().OrderBy(t => t.Key))
        {
            await stdout.WriteLineAsync($"  {Name(asset),-8} {Number(total),16} {Unit(asset)}");
        }

        var accounts = balances.Balances.Where(b => b.Value != 0)
            .OrderBy(b => b.Key.Account.ToString(), StringComparer.Ordinal).ThenBy(b => b.Key.Asset).ToList();
        await stdout.WriteLineAsync($"Balances per account ({accounts.Count} not zero):");
        foreach (var ((account, asset), amount) in accounts)
        {
            await stdout.WriteLineAsync($"  {account,-60} {Name(asset),-8} {Number(amount),16} {Unit(asset)}");
        }

        // LedgerBalances.Differences: assets that do not sum to zero, and sums that differ from the replayed balances.
        if (replayable)
        {
            problems.AddRange(balances.Differences(replayed));
        }
        else
        {
            problems.AddRange(balances.Totals().Where(t => t.Value != 0).Select(t => $"{t.Key} entries sum to {t.Value}, not 0"));
        }

        if (problems.Count == 0)
        {
            await stdout.WriteLineAsync("BALANCED: every asset sums to zero and the replayed balances agree with the entries.");
            return 0;
        }

        await stdout.WriteLineAsync($"NOT BALANCED ({problems.Count}):");
        foreach (var problem in problems)
        {
            await stdout.WriteLineAsync("  " + problem);
        }

        return 1;
    }

    private static string Name(Asset asset) => asset.ToString().ToLowerInvariant();

    private static string Unit(Asset asset) => asset == Asset.Energy ? "Wh" : "ngwee";

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private sealed record Arguments(string Postgres, string ServiceId, string Market)
    {
        public static Arguments Parse(string[] args)
        {
            string? postgres = null, serviceId = "enerlectra", market = "default";
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--postgres": postgres = Value(); break;
                    case "--service-id": serviceId = Value(); break;
                    case "--market": market = Value(); break;
                    default: throw new ArgumentException($"Unknown argument {args[i]}.");
                }
            }

            if (string.IsNullOrWhiteSpace(postgres))
            {
                throw new ArgumentException("--postgres must be the database's connection string (Host=...;Database=...;Username=...;Password=...).");
            }

            if (string.IsNullOrWhiteSpace(serviceId) || string.IsNullOrWhiteSpace(market))
            {
                throw new ArgumentException("--service-id and --market must not be empty.");
            }

            return new Arguments(postgres, serviceId, market);
        }
    }
}
