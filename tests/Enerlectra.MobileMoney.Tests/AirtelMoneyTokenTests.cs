using System.Net;
using Enerlectra.MobileMoney.Airtel;
using Enerlectra.Sandbox;

namespace Enerlectra.MobileMoney.Tests;

public class AirtelMoneyTokenTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Theory]
    [InlineData(false, 60, 1)]
    [InlineData(true, 60, 1)]
    // Airtel says 10 minutes and we refresh 10 minutes early: each call needs a new token. That only happens if
    // expires_in was understood, so this also proves both the number and the string form are parsed.
    [InlineData(false, 10, 3)]
    [InlineData(true, 10, 3)]
    public async Task Token_is_cached_until_ten_minutes_before_expiry_whether_expires_in_is_a_number_or_a_string(
        bool expiresInAsString, int lifetimeMinutes, int expectedTokens)
    {
        await using MobileMoneySandbox sandbox = await MobileMoneySandbox.StartAsync(new SandboxOptions
        {
            ApproveDelay = TimeSpan.Zero,
            AirtelExpiresInAsString = expiresInAsString,
            TokenLifetime = TimeSpan.FromMinutes(lifetimeMinutes),
        });
        using var http = new HttpClient();
        var client = new AirtelMoneyClient(http, SandboxClients.Airtel(sandbox));
        var control = new SandboxControl(new HttpClient { BaseAddress = sandbox.BaseAddress });

        await client.RequestToPayAsync(Payers.Request(Payers.Approving()));
        await client.GetStatusAsync(Guid.NewGuid());
        await client.GetStatusAsync(Guid.NewGuid());

        Assert.Equal(expectedTokens, (await control.StatsAsync("airtel", "collections")).TokensIssued);
    }

    [Fact]
    public async Task Concurrent_first_calls_fetch_a_single_token()
    {
        using var http = new HttpClient();
        var client = new AirtelMoneyClient(http, SandboxClients.Airtel(fixture.Sandbox));
        long before = (await fixture.Control.StatsAsync("airtel", "collections")).TokensIssued;

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.GetStatusAsync(Guid.NewGuid())));

        Assert.Equal(before + 1, (await fixture.Control.StatsAsync("airtel", "collections")).TokensIssued);
    }

    [Fact]
    public async Task Revoked_token_is_replaced_once_and_the_call_succeeds()
    {
        using var http = new HttpClient();
        var client = new AirtelMoneyClient(http, SandboxClients.Airtel(fixture.Sandbox));
        await client.GetStatusAsync(Guid.NewGuid());
        long before = (await fixture.Control.StatsAsync("airtel", "collections")).TokensIssued;
        await fixture.Control.RevokeAirtelTokensAsync();
        CollectionRequest request = Payers.Request(Payers.Approving());

        Assert.Equal(SubmitOutcome.Accepted, await client.RequestToPayAsync(request));

        Assert.Equal(before + 1, (await fixture.Control.StatsAsync("airtel", "collections")).TokensIssued);
        Assert.Equal(1, (await fixture.Control.EntryAsync("airtel", "collections", request.ReferenceId)).Completions);
    }

    [Fact]
    public async Task Wrong_client_secret_is_a_clear_rejection_and_nothing_is_submitted()
    {
        using var http = new HttpClient();
        var client = new AirtelMoneyClient(http, SandboxClients.Airtel(fixture.Sandbox, o => o.ClientSecret = "not-the-secret"));
        CollectionRequest request = Payers.Request(Payers.Approving());

        var rejected = await Assert.ThrowsAsync<MobileMoneyRejectedException>(() => client.RequestToPayAsync(request));

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal("invalid_client", rejected.ErrorCode);
        Assert.Contains("token request", rejected.Message);
        Assert.Contains("ClientSecret", rejected.Message);
        Assert.Equal(0, (await fixture.Control.DescribeAsync("airtel", "collections", request.ReferenceId)).RequestAttempts);
    }

    [Fact]
    public async Task Wrong_country_header_is_a_rejection()
    {
        using var http = new HttpClient();
        var client = new AirtelMoneyClient(http, SandboxClients.Airtel(fixture.Sandbox, o => o.Country = "KE"));

        var rejected = await Assert.ThrowsAsync<MobileMoneyRejectedException>(() => client.GetStatusAsync(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Contains("X-Country", rejected.ProviderMessage);
    }

    [Fact]
    public void Unusable_options_are_refused_at_construction()
    {
        using var http = new HttpClient();
        var error = Assert.Throws<ArgumentException>(() => new AirtelMoneyClient(http, new AirtelMoneyOptions()));
        Assert.Contains("MobileMoney:Airtel:BaseUrl", error.Message);
        Assert.Contains("ClientSecret", error.Message);
        var payouts = Assert.Throws<ArgumentException>(() => new AirtelMoneyDisbursementClient(http, SandboxClients.Airtel(fixture.Sandbox, o => o.DisbursementPin = "")));
        Assert.Contains("DisbursementPin", payouts.Message);
    }
}
