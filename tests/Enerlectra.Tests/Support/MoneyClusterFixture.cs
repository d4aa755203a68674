using System.Net.Http.Json;
using System.Text.Json;
using Enerlectra.Abstractions.Market;
using Enerlectra.Exchange.Journal;
using Enerlectra.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Enerlectra.Tests.Support;

/// <summary>
/// The cluster fixture for money balances: MTN collections and payouts against the sandbox, and market journals that
/// tests can break (<see cref="Journal"/>, and their event logs: <see cref="EventLog"/>) to show that deposits, withdrawals and transfers survive a market that
/// could not say whether it saved them.
/// </summary>
public sealed class MoneyClusterFixture : ClusterFixture
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public FaultyMarketJournal Journal { get; } = new();

    public FaultyMarketEventLog EventLog { get; } = new();

    /// <summary>
    /// The market the money tests share (users are fresh per test, so balances never mix): the test host's markets
    /// are few, and these tests run one after another anyway.
    /// </summary>
    public string Market { get; } = Names.Market();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings(MobileMoneySandbox sandbox) =>
    [
        new("MobileMoney:Mtn:DisbursementApiUser", sandbox.Options.DisbursementApiUser),
        new("MobileMoney:Mtn:DisbursementApiKey", sandbox.Options.DisbursementApiKey),
        new("MobileMoney:Mtn:DisbursementSubscriptionKey", sandbox.Options.DisbursementSubscriptionKey),
        // Earnings stay in wallets: these tests follow balances, not sellers' automatic payouts.
        new("Payouts:Enabled", "false"),
    ];

    // Registered after the silo's own journal and log, so the markets use these.
    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IMarketJournal>(Journal);
        silo.Services.AddSingleton<IMarketEventLog>(EventLog);
    }

    /// <summary>What the sandbox paid out to one phone (digits, no '+'): (ngwee, payouts).</summary>
    public async Task<(long TotalNgwee, int Count)> PaidToAsync(string msisdn)
    {
        var ledger = await SandboxHttp.GetFromJsonAsync<JsonElement>("sandbox/mtn/payouts/ledger", Json);
        foreach (var party in ledger.GetProperty("parties").EnumerateArray())
        {
            if (party.GetProperty("msisdn").GetString() == msisdn)
            {
                return (party.GetProperty("totalNgwee").GetInt64(), party.GetProperty("count").GetInt32());
            }
        }

        return (0, 0);
    }

    /// <summary>The sandbox's record of one payout: {referenceId, requestAttempts, transaction: {status, completions, ...}}.</summary>
    public async Task<JsonElement> PayoutAsync(Guid payoutId) =>
        await SandboxHttp.GetFromJsonAsync<JsonElement>($"sandbox/mtn/payouts/{payoutId:D}", Json);

    public Task<HttpResponseMessage> ApprovePayoutAsync(Guid payoutId) =>
        SandboxHttp.PostAsync($"sandbox/mtn/payouts/{payoutId:D}/approve", null);

    public Task<HttpResponseMessage> ApproveCollectionAsync(Guid referenceId) =>
        SandboxHttp.PostAsync($"sandbox/mtn/requesttopay/{referenceId:D}/approve", null);
}

/// <summary>
/// The test classes of money balances share one <see cref="MoneyClusterFixture"/> and run one after another: some
/// break a market's journal (even the default market's) for a while, which no other test may see.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MoneyCollection : ICollectionFixture<MoneyClusterFixture>
{
    public const string Name = "Money balances";
}
