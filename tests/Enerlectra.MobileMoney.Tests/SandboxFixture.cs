using System.Net.Http.Json;
using Enerlectra.MobileMoney;
using Enerlectra.Sandbox;

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

    protected virtual SandboxOptions CreateOptions() => new() { ApproveDelay = TimeSpan.Zero };

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
        };
        configure?.Invoke(options);
        return options;
    }
}

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

    public static CollectionRequest Request(string payerMsisdn, long amountNgwee = 1234, Guid? referenceId = null, Uri? callbackUrl = null) =>
        new(referenceId ?? Guid.NewGuid(), payerMsisdn, amountNgwee, $"order-{Guid.NewGuid():N}", "Enerlectra energy purchase", callbackUrl);
}
