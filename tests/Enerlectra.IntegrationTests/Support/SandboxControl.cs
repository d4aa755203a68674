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

    public void Dispose() => _http.Dispose();

    public sealed record Ledger(int SuccessfulCharges, long TotalCollectedNgwee, IReadOnlyDictionary<string, (int Charges, long Ngwee)> Payers);
}
