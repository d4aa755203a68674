using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enerlectra.Sandbox;
using Enerlectra.Sandbox.Mtn;

namespace Enerlectra.MobileMoney.Tests;

/// <summary>The sandbox's protocol checks, exercised with raw HTTP because our client never sends such requests.</summary>
public class SandboxProtocolTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Sandbox.BaseAddress };

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("\"12.345\"", "INVALID_AMOUNT")]
    [InlineData("\"0\"", "INVALID_AMOUNT")]
    [InlineData("\"-5.00\"", "INVALID_AMOUNT")]
    [InlineData("\" 12\"", "INVALID_AMOUNT")]
    [InlineData("\"12.\"", "INVALID_AMOUNT")]
    [InlineData("12.34", "INVALID_AMOUNT")]
    [InlineData("\"1e3\"", "INVALID_AMOUNT")]
    public async Task Inexact_or_non_string_amounts_are_refused(string amountJson, string code)
    {
        string body = $$"""{"amount":{{amountJson}},"currency":"ZMW","externalId":"e","payer":{"partyIdType":"MSISDN","partyId":"260961235555"},"payerMessage":"m","payeeNote":"n"}""";
        using HttpResponseMessage response = await PostRequestToPayAsync(Guid.NewGuid().ToString(), body);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Payer_must_be_an_msisdn()
    {
        string body = """{"amount":"1.00","currency":"ZMW","payer":{"partyIdType":"EMAIL","partyId":"a@b.zm"}}""";
        using HttpResponseMessage response = await PostRequestToPayAsync(Guid.NewGuid().ToString(), body);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PAYER");
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("6f9619ff-8b86-d011-b42d-00c04fc964ff")] // a version 1 UUID
    [InlineData("")]
    public async Task Reference_must_be_a_uuid_v4(string reference)
    {
        string body = """{"amount":"1.00","currency":"ZMW","payer":{"partyIdType":"MSISDN","partyId":"260961235555"}}""";
        using HttpResponseMessage response = await PostRequestToPayAsync(reference, body);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REFERENCE_ID");
    }

    [Fact]
    public async Task Api_calls_need_a_valid_bearer_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"collection/v1_0/requesttopay/{Guid.NewGuid()}");
        request.Headers.Add("Ocp-Apim-Subscription-Key", fixture.Sandbox.Options.SubscriptionKey);
        request.Headers.Add("X-Target-Environment", "mtnzambia");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "forged");
        using HttpResponseMessage response = await _http.SendAsync(request);
        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "INVALID_ACCESS_TOKEN");
    }

    [Fact]
    public async Task Token_call_needs_the_subscription_key()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "collection/token/");
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{fixture.Sandbox.Options.ApiUser}:{fixture.Sandbox.Options.ApiKey}")));
        using HttpResponseMessage response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Control_api_reports_unknown_references()
    {
        using HttpResponseMessage approve = await fixture.Control.ApproveAsync(Guid.NewGuid());
        Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
        MtnSandboxReferenceView view = await fixture.Control.GetReferenceAsync(Guid.NewGuid());
        Assert.Equal(0, view.RequestAttempts);
        Assert.Null(view.Transaction);
    }

    [Fact]
    public void Payer_number_table_maps_last_four_digits()
    {
        Assert.Equal(MtnPayerScenario.Approve, MtnPayerScenarios.For("260961234567"));
        Assert.Equal(MtnPayerScenario.Reject, MtnPayerScenarios.For("260960000001"));
        Assert.Equal(MtnPayerScenario.Expire, MtnPayerScenarios.For("260960000002"));
        Assert.Equal(MtnPayerScenario.LoseFirstArrival, MtnPayerScenarios.For("260960000003"));
        Assert.Equal(MtnPayerScenario.StayPending, MtnPayerScenarios.For("260960000004"));
        Assert.Equal(MtnPayerScenario.UnavailableTwice, MtnPayerScenarios.For("260960000005"));
        Assert.Equal(MtnPayerScenario.DuplicateCallback, MtnPayerScenarios.For("260960000006"));
        Assert.Equal(MtnPayerScenario.NoCallback, MtnPayerScenarios.For("260960000007"));
        Assert.Equal(MtnPayerScenario.NotEnoughFunds, MtnPayerScenarios.For("260960000008"));
        Assert.Equal(MtnPayerScenario.Approve, MtnPayerScenarios.For("260960000009"));
        Assert.Equal(MtnPayerScenario.Approve, MtnPayerScenarios.For("260960001000"));
    }

    private async Task<HttpResponseMessage> PostRequestToPayAsync(string reference, string body)
    {
        string token = await GetTokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "collection/v1_0/requesttopay")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Ocp-Apim-Subscription-Key", fixture.Sandbox.Options.SubscriptionKey);
        request.Headers.Add("X-Target-Environment", "mtnzambia");
        request.Headers.TryAddWithoutValidation("X-Reference-Id", reference);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request);
    }

    private async Task<string> GetTokenAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "collection/token/");
        request.Headers.Add("Ocp-Apim-Subscription-Key", fixture.Sandbox.Options.SubscriptionKey);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{fixture.Sandbox.Options.ApiUser}:{fixture.Sandbox.Options.ApiKey}")));
        using HttpResponseMessage response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        JsonElement json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3600, json.GetProperty("expires_in").GetInt64());
        return json.GetProperty("access_token").GetString()!;
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        JsonElement json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, json.GetProperty("code").GetString());
    }
}
