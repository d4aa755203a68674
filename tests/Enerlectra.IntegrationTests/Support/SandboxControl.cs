using System.Net.Http.Json;
using System.Text.Json;

namespace Enerlectra.IntegrationTests.Support;

/// <summary>
/// The sandbox's control API over HTTP: what was really charged, and approving pending payments. Ledger rows tell
/// trade payments and phone verifications apart (the sandbox knows ours by their mark), so tests can be exact about
/// both: <see cref="Charges.Payments"/> and <see cref="Charges.Verifications"/>.
/// </summary>
public sealed class SandboxControl(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<Ledger> LedgerAsync()
    {
        var json = await _http.GetFromJsonAsync<JsonElement>("/sandbox/mtn/ledger");
        var payers = json.GetProperty("payers").EnumerateArray().ToDictionary(
            p => p.GetProperty("payerMsisdn").GetString()!,
            p => new Charges(
                p.GetProperty("successfulCharges").GetInt32(), p.GetProperty("collectedNgwee").GetInt64(),
                p.GetProperty("verificationCharges").GetInt32(), p.GetProperty("verificationCollectedNgwee").GetInt64()));
        return new Ledger(new Charges(
            json.GetProperty("successfulCharges").GetInt32(), json.GetProperty("totalCollectedNgwee").GetInt64(),
            json.GetProperty("verificationCharges").GetInt32(), json.GetProperty("verificationCollectedNgwee").GetInt64()), payers);
    }

    /// <summary>Trade payments charged to one payer number over MTN ("+260..." or digits); its verification is not one.</summary>
    public async Task<int> ChargesForAsync(string phone) => (await LedgerAsync()).For(phone).Payments.Count;

    public async Task<JsonElement> TransactionAsync(string referenceId) =>
        await _http.GetFromJsonAsync<JsonElement>($"/sandbox/mtn/requesttopay/{referenceId}");

    public async Task<HttpResponseMessage> ApproveAsync(string referenceId) =>
        await _http.PostAsync($"/sandbox/mtn/requesttopay/{referenceId}/approve", null);

    /// <summary>What one provider really collected ("mtn", "airtel", "zamtel"), by payer number.</summary>
    public async Task<Ledger> CollectionLedgerAsync(string provider)
    {
        return GenericLedger(await _http.GetFromJsonAsync<JsonElement>($"/sandbox/{provider}/collections/ledger"));
    }

    /// <summary>Trade payments charged by one provider to one payer number ("+260..." or digits); its verification is not one.</summary>
    public async Task<int> ChargesForAsync(string provider, string phone) =>
        (await CollectionLedgerAsync(provider)).For(phone).Payments.Count;

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
        return GenericLedger(await _http.GetFromJsonAsync<JsonElement>($"/sandbox/{provider}/payouts/ledger"));
    }

    public void Dispose() => _http.Dispose();

    public sealed record SentCallback(string Method, string Body, int? Status);

    private static Ledger GenericLedger(JsonElement json)
    {
        static Charges Row(JsonElement e) => new(
            e.GetProperty("count").GetInt32(), e.GetProperty("totalNgwee").GetInt64(),
            e.GetProperty("verificationCount").GetInt32(), e.GetProperty("verificationNgwee").GetInt64());
        return new Ledger(Row(json), json.GetProperty("parties").EnumerateArray().ToDictionary(p => p.GetProperty("msisdn").GetString()!, Row));
    }

    /// <summary>What one product moved: in total, and per payer (or payee) number (digits, no '+').</summary>
    public sealed record Ledger(Charges Total, IReadOnlyDictionary<string, Charges> Payers)
    {
        /// <summary>The row of one number ("+260..." or digits), empty when nothing moved for it.</summary>
        public Charges For(string phone) => Payers.TryGetValue(phone.TrimStart('+'), out var row) ? row : new Charges(0, 0, 0, 0);
    }

    /// <summary>Money moved: all of it, and the part that was phone verifications (never any for payouts).</summary>
    public sealed record Charges(int Count, long Ngwee, int VerificationCount, long VerificationNgwee)
    {
        /// <summary>Trade payments (or payouts): everything that was not a phone verification.</summary>
        public (int Count, long Ngwee) Payments => (Count - VerificationCount, Ngwee - VerificationNgwee);

        /// <summary>Phone verifications.</summary>
        public (int Count, long Ngwee) Verifications => (VerificationCount, VerificationNgwee);
    }
}
