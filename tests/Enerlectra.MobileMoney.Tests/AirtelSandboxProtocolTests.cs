using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enerlectra.Sandbox;

namespace Enerlectra.MobileMoney.Tests;

/// <summary>The sandbox's Airtel checks, exercised with raw HTTP because our client never sends such requests.</summary>
public class AirtelSandboxProtocolTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Sandbox.BaseAddress };

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("\"12.34\"")] // a string, not a number
    [InlineData("12.345")]
    [InlineData("1e3")]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task Inexact_or_non_number_amounts_are_refused(string amountJson)
    {
        string body = $$$"""{"reference":"r","subscriber":{"country":"ZM","currency":"ZMW","msisdn":"971235555"},"transaction":{"amount":{{{amountJson}}},"country":"ZM","currency":"ZMW","id":"{{{Guid.NewGuid()}}}"}}""";
        using HttpResponseMessage response = await PostAsync("merchant/v1/payments/", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Msisdn_with_the_country_code_is_refused()
    {
        string body = $$$"""{"reference":"r","subscriber":{"country":"ZM","currency":"ZMW","msisdn":"260971235555"},"transaction":{"amount":12.34,"country":"ZM","currency":"ZMW","id":"{{{Guid.NewGuid()}}}"}}""";
        using HttpResponseMessage response = await PostAsync("merchant/v1/payments/", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Exact_json_number_amount_is_accepted_and_duplicate_id_is_409_with_the_documented_code()
    {
        Guid id = Guid.NewGuid();
        string body = $$$"""{"reference":"r","subscriber":{"country":"ZM","currency":"ZMW","msisdn":"971235555"},"transaction":{"amount":2500.75,"country":"ZM","currency":"ZMW","id":"{{{id}}}"}}""";
        using (HttpResponseMessage first = await PostAsync("merchant/v1/payments/", body))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using HttpResponseMessage again = await PostAsync("merchant/v1/payments/", body);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        JsonElement status = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status");
        Assert.Equal(("409", "DP00800001006", false), (status.GetProperty("code").GetString(), status.GetProperty("result_code").GetString(), status.GetProperty("success").GetBoolean()));
        Assert.Equal(250_075L, (await fixture.Control.EntryAsync("airtel", "collections", id)).AmountNgwee);
    }

    [Fact]
    public void Number_table_maps_last_four_digits_for_every_provider()
    {
        Assert.Equal(SandboxScenario.Approve, SandboxScenarios.For("260971234567"));
        string[] endings = ["0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011", "0012", "0013"];
        SandboxScenario[] expected =
        [
            SandboxScenario.Reject, SandboxScenario.Expire, SandboxScenario.LoseFirstArrival, SandboxScenario.StayPending,
            SandboxScenario.UnavailableTwice, SandboxScenario.DuplicateCallback, SandboxScenario.NoCallback,
            SandboxScenario.NotEnoughFunds, SandboxScenario.PayerNotFound, SandboxScenario.PinTimeout,
            SandboxScenario.SlowFirstResponse, SandboxScenario.CallbacksOutOfOrder, SandboxScenario.BadCallbackHash,
        ];
        Assert.Equal(expected, endings.Select(e => SandboxScenarios.For("26097123" + e)));
        Assert.Equal(SandboxScenario.Approve, SandboxScenarios.For("260971230014"));
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string body)
    {
        string token = await TokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Country", "ZM");
        request.Headers.Add("X-Currency", "ZMW");
        return await _http.SendAsync(request);
    }

    private async Task<string> TokenAsync()
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync("auth/oauth2/token", new
        {
            client_id = fixture.Sandbox.Options.AirtelClientId,
            client_secret = fixture.Sandbox.Options.AirtelClientSecret,
            grant_type = "client_credentials",
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }
}
