using System.Net;
using System.Net.Http.Json;
using Enerlectra.MobileMoney;
using Enerlectra.MobileMoney.Airtel;
using Enerlectra.MobileMoney.Mtn;
using Enerlectra.MobileMoney.Zamtel;
using Enerlectra.Sandbox;
using Enerlectra.Sandbox.Mtn;

namespace Enerlectra.MobileMoney.Tests;

/// <summary>
/// One sandbox per test class. ApproveDelay is zero so that outcomes are settled before the 202 is returned,
/// which lets tests read the final status without waiting.
/// </summary>
public class SandboxFixture : IAsyncLifetime
{
    private readonly List<HttpClient> _httpClients = [];
    private MobileMoneySandbox? _sandbox;

    public MobileMoneySandbox Sandbox => _sandbox ?? throw new InvalidOperationException("Sandbox not started.");

    public SandboxControl Control { get; private set; } = null!;

    // SlowResponseDelay only has to outlast the short RequestTimeout the 0011 tests give their clients.
    protected virtual SandboxOptions CreateOptions() => new() { ApproveDelay = TimeSpan.Zero, SlowResponseDelay = TimeSpan.FromSeconds(2) };

    public async Task InitializeAsync()
    {
        _sandbox = await MobileMoneySandbox.StartAsync(CreateOptions());
        Control = new SandboxControl(Track(new HttpClient { BaseAddress = _sandbox.BaseAddress }));
    }

    public async Task DisposeAsync()
    {
        foreach (HttpClient http in _httpClients)
        {
            http.Dispose();
        }

        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }

    /// <summary>Options that work against this sandbox, with quick retries so failing paths do not drag.</summary>
    public MtnMomoOptions ClientOptions(Action<MtnMomoOptions>? configure = null) =>
        SandboxClients.Options(Sandbox, configure);

    /// <summary>A fresh client (own token cache and circuit breaker) over a real HttpClient.</summary>
    public MtnMomoClient CreateClient(Action<MtnMomoOptions>? configure = null) =>
        new(Track(new HttpClient()), ClientOptions(configure));

    /// <summary>Fresh collection and payout clients for one provider ("mtn", "airtel", "zamtel") against this sandbox.</summary>
    public ProviderUnderTest Provider(string name, Action<MobileMoneyClientOptions>? configure = null) =>
        SandboxClients.Provider(Sandbox, name, Track(new HttpClient()), configure);

    private HttpClient Track(HttpClient http)
    {
        lock (_httpClients)
        {
            _httpClients.Add(http);
        }

        return http;
    }
}

/// <summary>Builds client options for a given sandbox.</summary>
public static class SandboxClients
{
    public static MtnMomoOptions Options(MobileMoneySandbox sandbox, Action<MtnMomoOptions>? configure = null)
    {
        var options = new MtnMomoOptions
        {
            BaseUrl = sandbox.BaseAddress,
            SubscriptionKey = sandbox.Options.SubscriptionKey,
            ApiUser = sandbox.Options.ApiUser,
            ApiKey = sandbox.Options.ApiKey,
            TargetEnvironment = sandbox.Options.TargetEnvironment,
            Currency = sandbox.Options.Currency,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RequestTimeout = TimeSpan.FromSeconds(30),
            DisbursementSubscriptionKey = sandbox.Options.DisbursementSubscriptionKey,
            DisbursementApiUser = sandbox.Options.DisbursementApiUser,
            DisbursementApiKey = sandbox.Options.DisbursementApiKey,
        };
        configure?.Invoke(options);
        return options;
    }

    public static AirtelMoneyOptions Airtel(MobileMoneySandbox sandbox, Action<AirtelMoneyOptions>? configure = null)
    {
        var options = new AirtelMoneyOptions
        {
            BaseUrl = sandbox.BaseAddress,
            ClientId = sandbox.Options.AirtelClientId,
            ClientSecret = sandbox.Options.AirtelClientSecret,
            CallbackSecret = sandbox.Options.AirtelCallbackSecret,
            DisbursementPin = sandbox.Options.AirtelDisbursementPin,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RequestTimeout = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        return options;
    }

    public static ZamtelKwachaOptions Zamtel(MobileMoneySandbox sandbox, Action<ZamtelKwachaOptions>? configure = null)
    {
        var options = new ZamtelKwachaOptions
        {
            BaseUrl = sandbox.BaseAddress,
            ApiKey = sandbox.Options.ZamtelApiKey,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RequestTimeout = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Collection and payout clients of one provider; each has its own token cache and circuit breaker.</summary>
    public static ProviderUnderTest Provider(MobileMoneySandbox sandbox, string name, HttpClient http, Action<MobileMoneyClientOptions>? configure = null) =>
        name switch
        {
            "mtn" => new(name, new MtnMomoClient(http, Options(sandbox, configure)), new MtnMomoDisbursementClient(http, Options(sandbox, configure))),
            "airtel" => new(name, new AirtelMoneyClient(http, Airtel(sandbox, configure)), new AirtelMoneyDisbursementClient(http, Airtel(sandbox, configure))),
            "zamtel" => new(name, new ZamtelKwachaClient(http, Zamtel(sandbox, configure)), new ZamtelKwachaDisbursementClient(http, Zamtel(sandbox, configure))),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "mtn, airtel or zamtel"),
        };
}

/// <summary>One provider's clients, named as in the sandbox control API ("mtn", "airtel", "zamtel").</summary>
public sealed record ProviderUnderTest(string Name, IMobileMoneyCollections Collections, IMobileMoneyDisbursements Payouts);

/// <summary>Typed access to the sandbox control API over HTTP.</summary>
public sealed class SandboxControl(HttpClient http)
{
    public async Task<MtnSandboxReferenceView> GetReferenceAsync(Guid referenceId) =>
        (await http.GetFromJsonAsync<MtnSandboxReferenceView>($"sandbox/mtn/requesttopay/{referenceId}"))!;

    public async Task<MtnSandboxTransactionView> GetTransactionAsync(Guid referenceId) =>
        (await GetReferenceAsync(referenceId)).Transaction
        ?? throw new Xunit.Sdk.XunitException($"The sandbox has no transaction {referenceId}.");

    public async Task<MtnSandboxLedgerView> GetLedgerAsync() =>
        (await http.GetFromJsonAsync<MtnSandboxLedgerView>("sandbox/mtn/ledger"))!;

    public async Task<MtnSandboxPayerLedger?> GetPayerLedgerAsync(string payerMsisdn) =>
        (await GetLedgerAsync()).Payers.SingleOrDefault(p => p.PayerMsisdn == payerMsisdn);

    public async Task<MtnSandboxStats> GetStatsAsync() =>
        (await http.GetFromJsonAsync<MtnSandboxStats>("sandbox/mtn/stats"))!;

    public Task<HttpResponseMessage> ApproveAsync(Guid referenceId) =>
        http.PostAsync($"sandbox/mtn/requesttopay/{referenceId}/approve", null);

    public Task<HttpResponseMessage> RejectAsync(Guid referenceId, string? reason = null) =>
        reason is null
            ? http.PostAsync($"sandbox/mtn/requesttopay/{referenceId}/reject", null)
            : http.PostAsJsonAsync($"sandbox/mtn/requesttopay/{referenceId}/reject", new SandboxRejectRequest(reason));

    /// <summary>The generic view of a reference in one product ("collections" or "payouts").</summary>
    public async Task<SandboxReferenceView> DescribeAsync(string provider, string kind, Guid referenceId) =>
        (await http.GetFromJsonAsync<SandboxReferenceView>($"sandbox/{provider}/{kind}/{referenceId}"))!;

    public async Task<SandboxTransactionView> EntryAsync(string provider, string kind, Guid referenceId) =>
        (await DescribeAsync(provider, kind, referenceId)).Transaction
        ?? throw new Xunit.Sdk.XunitException($"The sandbox has no {provider} {kind} entry {referenceId}.");

    public async Task<SandboxPartyLedger?> PartyLedgerAsync(string provider, string kind, string msisdn) =>
        (await http.GetFromJsonAsync<SandboxLedgerView>($"sandbox/{provider}/{kind}/ledger"))!.Parties.SingleOrDefault(p => p.Msisdn == msisdn);

    public async Task<SandboxStats> StatsAsync(string provider, string kind) =>
        (await http.GetFromJsonAsync<SandboxStats>($"sandbox/{provider}/{kind}/stats"))!;

    public async Task<HttpStatusCode> SettleAsync(string provider, string kind, Guid referenceId, bool approve, string? reason = null)
    {
        string path = $"sandbox/{provider}/{kind}/{referenceId}/{(approve ? "approve" : "reject")}";
        using HttpResponseMessage response = reason is null
            ? await http.PostAsync(path, null)
            : await http.PostAsJsonAsync(path, new SandboxRejectRequest(reason));
        return response.StatusCode;
    }

    public async Task RevokeAirtelTokensAsync()
    {
        using HttpResponseMessage response = await http.PostAsync("sandbox/airtel/tokens/revoke", null);
        response.EnsureSuccessStatusCode();
    }

    public async Task RevokeTokensAsync()
    {
        using HttpResponseMessage response = await http.PostAsync("sandbox/mtn/tokens/revoke", null);
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>Payer numbers that are unique per test, so per-payer ledger checks never see another test's charges.</summary>
public static class Payers
{
    private static int _next = Random.Shared.Next(1000, 5000);

    /// <summary>A Zambian MTN number ending in <paramref name="scenarioDigits"/> (see the sandbox number table).</summary>
    public static string Ending(string scenarioDigits) =>
        $"2609{Interlocked.Increment(ref _next) % 10000:D4}{scenarioDigits}";

    public static string Approving() => Ending("5555");

    public static DisbursementRequest Payout(string payeeMsisdn, long amountNgwee = 1234, Guid? referenceId = null) =>
        new(referenceId ?? Guid.NewGuid(), payeeMsisdn, amountNgwee, $"payout-{Guid.NewGuid():N}", "Enerlectra seller payout");

    public static CollectionRequest Request(string payerMsisdn, long amountNgwee = 1234, Guid? referenceId = null, Uri? callbackUrl = null) =>
        new(referenceId ?? Guid.NewGuid(), payerMsisdn, amountNgwee, $"order-{Guid.NewGuid():N}", "Enerlectra energy purchase", callbackUrl);
}
