using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enerlectra.MobileMoney.Zamtel;
using Enerlectra.Sandbox;

namespace Enerlectra.MobileMoney.Tests;

/// <summary>The provisional Zamtel protocol (src/MobileMoney/Zamtel/ZAMTEL.md) as the client and the sandbox speak it.</summary>
public class ZamtelProvisionalProtocolTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Sandbox.BaseAddress };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Amounts_travel_as_integer_ngwee_and_status_reports_them()
    {
        ProviderUnderTest p = fixture.Provider("zamtel");
        CollectionRequest request = Payers.Request(Payers.Approving(), amountNgwee: 1);

        await p.Collections.RequestToPayAsync(request);

        Assert.Equal(1L, (await p.Collections.GetStatusAsync(request.ReferenceId)).AmountNgwee);
        using HttpResponseMessage raw = await SendAsync(HttpMethod.Get, $"zamtel/v1/collections/{request.ReferenceId}", null);
        JsonElement json = await raw.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Number, json.GetProperty("amountNgwee").ValueKind);
        Assert.Equal("SUCCESSFUL", json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Wrong_api_key_is_a_clear_rejection()
    {
        using var http = new HttpClient();
        var client = new ZamtelKwachaClient(http, SandboxClients.Zamtel(fixture.Sandbox, o => o.ApiKey = "nope"));
        CollectionRequest request = Payers.Request(Payers.Approving());

        var rejected = await Assert.ThrowsAsync<MobileMoneyRejectedException>(() => client.RequestToPayAsync(request));

        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHORIZED", MobileMoneyProvider.Zamtel), (rejected.StatusCode, rejected.ErrorCode, rejected.Provider));
        Assert.Contains("MobileMoney:Zamtel ApiKey", rejected.Message);
        Assert.Null((await fixture.Control.DescribeAsync("zamtel", "collections", request.ReferenceId)).Transaction);
    }

    [Fact]
    public async Task A_bare_404_is_unavailable_not_NotFound()
    {
        // A wrong base URL must never look like "the provider has no record, resubmit".
        using var http = new HttpClient();
        var client = new ZamtelKwachaClient(http, SandboxClients.Zamtel(fixture.Sandbox, o => o.BaseUrl = new Uri(fixture.Sandbox.BaseAddress, "wrong-prefix/")));

        await Assert.ThrowsAsync<MobileMoneyUnavailableException>(() => client.GetStatusAsync(Guid.NewGuid()));
    }

    [Theory]
    [InlineData("""{"reference":"{ref}","msisdn":"260951230000","amountNgwee":12.5}""", "INVALID_AMOUNT")]
    [InlineData("""{"reference":"{ref}","msisdn":"260951230000","amountNgwee":"1250"}""", "INVALID_AMOUNT")]
    [InlineData("""{"reference":"{ref}","msisdn":"260951230000","amountNgwee":0}""", "INVALID_AMOUNT")]
    [InlineData("""{"reference":"{ref}","msisdn":"0951230000","amountNgwee":100}""", "INVALID_MSISDN")]
    [InlineData("""{"reference":"not-a-uuid","msisdn":"260951230000","amountNgwee":100}""", "INVALID_REFERENCE")]
    [InlineData("""[]""", "INVALID_REQUEST")]
    public async Task Sandbox_refuses_malformed_collections(string template, string code)
    {
        string body = template.Replace("{ref}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
        using HttpResponseMessage response = await SendAsync(HttpMethod.Post, "zamtel/v1/collections", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unknown_reference_is_404_NOT_FOUND_on_the_wire()
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get, $"zamtel/v1/payouts/{Guid.NewGuid()}", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("""{"reference":"5b1f0c2e-8a4d-4c1e-9f3a-2b7d6e0a1c44","status":"FAILED","reason":"EXPIRED","amountNgwee":100}""", CollectionState.Failed, "EXPIRED")]
    [InlineData("""{"reference":"5b1f0c2e-8a4d-4c1e-9f3a-2b7d6e0a1c44","status":"PENDING"}""", CollectionState.Pending, null)]
    public void Callback_parser_reads_states_and_reasons(string json, CollectionState state, string? reason)
    {
        Assert.True(ZamtelCallback.TryParse(json, out ZamtelCallback? callback));
        Assert.Equal((Guid.Parse("5b1f0c2e-8a4d-4c1e-9f3a-2b7d6e0a1c44"), state, reason), (callback.ReferenceId, callback.State, callback.Reason));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"reference":"x","status":"SUCCESSFUL"}""")]
    [InlineData("""{"reference":"5b1f0c2e-8a4d-4c1e-9f3a-2b7d6e0a1c44","status":"successful"}""")]
    public void Callback_parser_refuses_unusable_bodies(string json) =>
        Assert.False(ZamtelCallback.TryParse(json, out _));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", fixture.Sandbox.Options.ZamtelApiKey);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await _http.SendAsync(request);
    }
}
