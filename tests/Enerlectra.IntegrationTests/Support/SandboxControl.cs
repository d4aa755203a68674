using System.Net.Http.Json;
using System.Text.Json;

namespace Enerlectra.IntegrationTests.Support;

/// <summary>The sandbox's control API over HTTP: what was really charged, and approving pending payments.</summary>
public sealed class SandboxControl(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<Ledger> LedgerAsync()
    {
        var json = await _http.GetFromJsonAsync<JsonElement>("/sandbox/mtn/ledger");
        var payers = json.GetProperty("payers").EnumerateArray()
            .ToDictionary(p => p.GetProperty("payerMsisdn").GetString()!, p => (Charges: p.GetProperty("successfulCharges").GetInt32(), Ngwee: p.GetProperty("collectedNgwee").GetInt64()));
        return new Ledger(json.GetProperty("successfulCharges").GetInt32(), json.GetProperty("totalCollectedNgwee").GetInt64(), payers);
    }

    /// <summary>Successful charges for one payer number ("+260..." or digits).</summary>
    public async Task<int> ChargesForAsync(string phone)
    {
        var ledger = await LedgerAsync();
        return ledger.Payers.TryGetValue(phone.TrimStart('+'), out var row) ? row.Charges : 0;
    }

    public async Task<JsonElement> TransactionAsync(string referenceId) =>
        await _http.GetFromJsonAsync<JsonElement>($"/sandbox/mtn/requesttopay/{referenceId}");

    public async Task<HttpResponseMessage> ApproveAsync(string referenceId) =>
        await _http.PostAsync($"/sandbox/mtn/requesttopay/{referenceId}/approve", null);

    /// <summary>What one provider really collected ("mtn", "airtel", "zamtel"), by payer number.</summary>
    public async Task<Ledger> CollectionLedgerAsync(string provider)
    {
        var json = await _http.GetFromJsonAsync<JsonElement>($"/sandbox/{provider}/collections/ledger");
        var parties = json.GetProperty("parties").EnumerateArray()
            .ToDictionary(p => p.GetProperty("msisdn").GetString()!, p => (Charges: p.GetProperty("count").GetInt32(), Ngwee: p.GetProperty("totalNgwee").GetInt64()));
        return new Ledger(json.GetProperty("count").GetInt32(), json.GetProperty("totalNgwee").GetInt64(), parties);
    }

    /// <summary>Successful charges by one provider for one payer number ("+260..." or digits).</summary>
    public async Task<int> ChargesForAsync(string provider, string phone)
    {
        var ledger = await CollectionLedgerAsync(provider);
        return ledger.Payers.TryGetValue(phone.TrimStart('+'), out var row) ? row.Charges : 0;
    }

    /// <summary>The provider's record of a collection: {referenceId, requestAttempts, transaction: {status, completions, callbacksDelivered, ...}}.</summary>
    public async Task<JsonElement> CollectionAsync(string provider, string referenceId) =>
        await _http.GetFromJsonAsync<JsonElement>($"/sandbox/{provider}/collections/{referenceId}");

    /// <summary>Status queries one provider received for one collection reference (known to it or not).</summary>
    public async Task<int> StatusQueriesForAsync(string provider, string referenceId) =>
        (await CollectionAsync(provider, referenceId)).GetProperty("statusQueries").GetInt32();

    /// <summary>Status queries one provider received for collections, all references together.</summary>
    public async Task<long> CollectionStatusQueriesAsync(string provider) =>
        (await _http.GetFromJsonAsync<JsonElement>($"/sandbox/{provider}/collections/stats")).GetProperty("statusQueries").GetInt64();

    /// <summary>The callbacks the provider sent for a collection, in order: the exact body and how we answered (null: not delivered).</summary>
    public async Task<IReadOnlyList<SentCallback>> CallbacksAsync(string provider, string referenceId)
    {
        var json = await _http.GetFromJsonAsync<JsonElement>($"/sandbox/{provider}/collections/{referenceId}/callbacks");
        return json.EnumerateArray()
            .Select(c => new SentCallback(
                c.GetProperty("method").GetString()!,
                c.GetProperty("body").GetString()!,
                c.GetProperty("status").ValueKind == JsonValueKind.Number ? c.GetProperty("status").GetInt32() : null))
            .ToList();
    }

    /// <summary>How many collection requests one provider has received (any outcome): unchanged means "never asked".</summary>
    public async Task<long> CollectionSubmitCallsAsync(string provider) =>
        (await _http.GetFromJsonAsync<JsonElement>($"/sandbox/{provider}/collections/stats")).GetProperty("submitCalls").GetInt64();

    /// <summary>The payer approves a pending collection (scenario 0004).</summary>
    public async Task<HttpResponseMessage> ApproveAsync(string provider, string referenceId) =>
        await _http.PostAsync($"/sandbox/{provider}/collections/{referenceId}/approve", null);

    /// <summary>The provider releases a payout it was holding (scenario 0004).</summary>
    public async Task<HttpResponseMessage> ApprovePayoutAsync(string provider, string referenceId) =>
        await _http.PostAsync($"/sandbox/{provider}/payouts/{referenceId}/approve", null);

    /// <summary>What one provider really paid out ("mtn", "airtel", "zamtel"), by payee number.</summary>
    public async Task<Ledger> PayoutLedgerAsync(string provider)
    {
        var json = await _http.GetFromJsonAsync<JsonElement>($"/sandbox/{provider}/payouts/ledger");
        var parties = json.GetProperty("parties").EnumerateArray()
            .ToDictionary(p => p.GetProperty("msisdn").GetString()!, p => (Charges: p.GetProperty("count").GetInt32(), Ngwee: p.GetProperty("totalNgwee").GetInt64()));
        return new Ledger(json.GetProperty("count").GetInt32(), json.GetProperty("totalNgwee").GetInt64(), parties);
    }

    public void Dispose() => _http.Dispose();

    public sealed record SentCallback(string Method, string Body, int? Status);

    public sealed record Ledger(int SuccessfulCharges, long TotalCollectedNgwee, IReadOnlyDictionary<string, (int Charges, long Ngwee)> Payers);
}
