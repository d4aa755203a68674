using Enerlectra.Exchange;
using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Model;
using Enerlectra.Tools;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Xunit;

namespace Enerlectra.Persistence.Tests;

/// <summary>
/// The operators' ledger-check command (src/Tools) against a real PostgreSQL journal, written the way a market grain
/// writes it: sound books pass with every asset at zero and every account's balance printed; books whose events do
/// not add up fail with exit code 1 and say why; only the named service's market is read.
/// </summary>
public sealed class LedgerCheckToolTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        await PostgresSchema.ApplyAsync(_db.ConnectionString);
        _services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(MarketSnapshot).Assembly)).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Sound_books_pass_with_every_asset_at_zero_and_print_each_accounts_balance()
    {
        var now = DateTimeOffset.UtcNow;
        var engine = new MarketEngine(new MarketLedger(), new MarketRules());
        engine.Deposit("bob", 50_000, "dep-1", "mtn", now);
        engine.CreditEnergy("alice", 20_000, "transfer-1", now);
        engine.Place(new OrderSpec("alice", "s-1", Side.Sell, 10_000, 1_000), now);
        engine.Place(new OrderSpec("bob", "b-1", Side.Buy, 4_000, 1_000), now);
        var paid = Guid.NewGuid();
        var failed = Guid.NewGuid();
        engine.RequestPayout("bob", paid, 10_000, PayoutSource.Balance, "mtn", now);
        engine.RequestPayout("bob", failed, 1_000, PayoutSource.Balance, "mtn", now);
        engine.SettlePayout(paid, paid: true, now);
        engine.SettlePayout(failed, paid: false, now);
        var events = engine.TakeEvents();
        await AppendAsync("enerlectra", "market/default", events);
        // Another service's journal of the same market is never read: it holds only a stray deposit.
        await AppendAsync("other-service", "market/default", [new MoneyDeposited(now, "mallory", 999, "stray", "mtn")]);

        var (exit, output, errors) = await RunAsync("ledger-check", "--postgres", _db.ConnectionString);

        Assert.True(exit == 0, output + errors);
        Assert.Contains($"{events.Count} journal entries", output);
        Assert.Contains("BALANCED", output);
        Assert.Matches(@"energy\s+0 Wh", output);
        Assert.Matches(@"money\s+0 ngwee", output);
        // The books as the engine keeps them: bob paid 4,000 ngwee for 4 kWh and withdrew 10,000 (the failed 1,000 came back).
        var bob = engine.Ledger.AccountView("bob");
        Assert.Equal(50_000 - 4_000 - 10_000, bob.MoneyAvailableNgwee);
        Assert.Matches($@"user:bob:available\s+money\s+{bob.MoneyAvailableNgwee:N0} ngwee", output);
        Assert.Matches(@"user:bob:available\s+energy\s+4,000 Wh", output);
        Assert.Matches(@"user:alice:reserved\s+energy\s+6,000 Wh", output);
        Assert.Matches(@"external:clearing:mtn\s+money\s+-40,000 ngwee", output);
        Assert.DoesNotContain("mallory", output);
    }

    [Fact]
    public async Task Books_whose_events_do_not_add_up_fail_and_say_why()
    {
        var now = DateTimeOffset.UtcNow;
        var engine = new MarketEngine(new MarketLedger(), new MarketRules());
        engine.Deposit("bob", 5_000, "dep-1", "airtel", now);
        var events = engine.TakeEvents().ToList();
        // A payout settled as paid that was never requested: money left bob's withdrawals that never held it.
        events.Add(new PayoutSettled(now, Guid.NewGuid(), true, "bob", 5_000, PayoutSource.Balance, "airtel"));
        await AppendAsync("enerlectra", "market/lusaka", events);

        var (exit, output, _) = await RunAsync("ledger-check", "--postgres", _db.ConnectionString, "--market", "lusaka");

        Assert.Equal(1, exit);
        Assert.Contains("NOT BALANCED", output);
        Assert.Contains("version 2 (PayoutSettled) cannot be replayed", output);
    }

    [Fact]
    public async Task A_missing_connection_string_is_a_usage_error()
    {
        var (exit, _, errors) = await RunAsync("ledger-check", "--market", "default");

        Assert.Equal(2, exit);
        Assert.Contains("--postgres", errors);
    }

    private async Task AppendAsync(string serviceId, string streamId, IReadOnlyList<MarketJournalEvent> events)
    {
        await using var journal = new PostgresMarketJournal(NpgsqlDataSource.Create(_db.ConnectionString), serviceId, _services.GetRequiredService<Serializer>());
        // In two batches when there are two events or more, as two group commits would write them.
        var first = Math.Max(1, events.Count / 2);
        Assert.True(await journal.AppendAsync(streamId, 1, events.Take(first).ToList()));
        if (events.Count > first)
        {
            Assert.True(await journal.AppendAsync(streamId, first + 1, events.Skip(first).ToList()));
        }
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await ToolCommands.RunAsync(args, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }
}
