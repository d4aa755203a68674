using System.Net;
using Enerlectra.MobileMoney.Mtn;
using Enerlectra.Sandbox;

namespace Enerlectra.MobileMoney.Tests;

public class MtnMomoTokenTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task One_token_serves_many_calls()
    {
        MtnMomoClient client = fixture.CreateClient();
        long before = (await fixture.Control.GetStatsAsync()).TokensIssued;

        for (int i = 0; i < 5; i++)
        {
            await client.RequestToPayAsync(Payers.Request(Payers.Approving()));
            await client.GetStatusAsync(Guid.NewGuid());
        }

        Assert.Equal(before + 1, (await fixture.Control.GetStatsAsync()).TokensIssued);
    }

    [Fact]
    public async Task Concurrent_first_calls_fetch_a_single_token()
    {
        MtnMomoClient client = fixture.CreateClient();
        long before = (await fixture.Control.GetStatsAsync()).TokensIssued;

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.GetStatusAsync(Guid.NewGuid())));

        Assert.Equal(before + 1, (await fixture.Control.GetStatsAsync()).TokensIssued);
    }

    [Fact]
    public async Task Token_refused_by_the_api_is_replaced_once_and_the_call_succeeds()
    {
        MtnMomoClient client = fixture.CreateClient();
        await client.GetStatusAsync(Guid.NewGuid());
        long before = (await fixture.Control.GetStatsAsync()).TokensIssued;

        await fixture.Control.RevokeTokensAsync();
        CollectionRequest request = Payers.Request(Payers.Approving());

        Assert.Equal(SubmitOutcome.Accepted, await client.RequestToPayAsync(request));
        Assert.Equal(before + 1, (await fixture.Control.GetStatsAsync()).TokensIssued);
        Assert.Equal(1, (await fixture.Control.GetTransactionAsync(request.ReferenceId)).ChargeCount);
    }

    [Fact]
    public async Task Token_within_the_refresh_margin_is_not_reused()
    {
        // MTN says 11 minutes, we refresh 10 minutes early: the token is good for this call only.
        await using MobileMoneySandbox sandbox = await MobileMoneySandbox.StartAsync(
            new SandboxOptions { ApproveDelay = TimeSpan.Zero, TokenLifetime = TimeSpan.FromMinutes(10) });
        using var http = new HttpClient();
        var client = new MtnMomoClient(http, SandboxClients.Options(sandbox));
        var control = new SandboxControl(new HttpClient { BaseAddress = sandbox.BaseAddress });

        await client.GetStatusAsync(Guid.NewGuid());
        await client.GetStatusAsync(Guid.NewGuid());
        await client.GetStatusAsync(Guid.NewGuid());

        Assert.Equal(3, (await control.GetStatsAsync()).TokensIssued);
    }

    [Fact]
    public async Task Wrong_api_key_is_a_clear_rejection_and_nothing_is_submitted()
    {
        MtnMomoClient client = fixture.CreateClient(o => o.ApiKey = "not-the-key");
        CollectionRequest request = Payers.Request(Payers.Approving());

        var rejected = await Assert.ThrowsAsync<MobileMoneyRejectedException>(() => client.RequestToPayAsync(request));

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal("login_failed", rejected.ErrorCode);
        Assert.Contains("token request", rejected.Message);
        Assert.Contains("ApiKey", rejected.Message);
        Assert.Equal(0, (await fixture.Control.GetReferenceAsync(request.ReferenceId)).RequestAttempts);
    }

    [Fact]
    public async Task Wrong_subscription_key_is_a_clear_rejection()
    {
        MtnMomoClient client = fixture.CreateClient(o => o.SubscriptionKey = "not-the-subscription");

        var rejected = await Assert.ThrowsAsync<MobileMoneyRejectedException>(() => client.GetStatusAsync(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Contains("subscription key", rejected.ProviderMessage);
        Assert.Contains("SubscriptionKey", rejected.Message);
    }
}
