using Enerlectra.Api.V1;
using Enerlectra.ChainIntegration.Tests.Support;
using Grpc.Core;
using Nethereum.Signer;

namespace Enerlectra.ChainIntegration.Tests;

/// <summary>Linking a wallet address over the public API, signed as a wallet app would (personal_sign).</summary>
public sealed class WalletConnectionTests(DeployedChain chain) : ChainTestBase(chain)
{
    private static readonly EthECKey UserKey = new(TestChain.UserKey);
    private static readonly EthECKey OtherKey = new(TestChain.OtherUserKey);

    private readonly List<string> _users = [];

    /// <summary>A fresh user; unlinked again after the test, since an address can belong to one account only.</summary>
    private string NewUser()
    {
        var user = $"user-{Guid.NewGuid():N}"[..20];
        _users.Add(user);
        return user;
    }

    public override async Task DisposeAsync()
    {
        foreach (var user in _users)
        {
            var (api, auth) = await ClientAsync(user);
            await api.DisconnectAsync(new() { UserId = user }, auth);
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task An_address_linked_to_one_account_cannot_be_linked_to_another_until_it_is_unlinked()
    {
        var first = NewUser();
        var second = NewUser();
        var (api, firstAuth) = await ClientAsync(first);
        var (_, secondAuth) = await ClientAsync(second);
        var address = UserKey.GetPublicAddress();
        var challenge = await api.IssueChallengeAsync(new() { UserId = first }, firstAuth);
        await api.ConnectAsync(new() { UserId = first, Address = address, Signature = Sign(challenge.Message, UserKey) }, firstAuth);

        challenge = await api.IssueChallengeAsync(new() { UserId = second }, secondAuth);
        var request = new ConnectWalletRequest { UserId = second, Address = address, Signature = Sign(challenge.Message, UserKey) };
        var error = await Assert.ThrowsAsync<RpcException>(async () => await api.ConnectAsync(request, secondAuth));
        AssertRefused(error, StatusCode.AlreadyExists, "address");
        Assert.False((await api.GetConnectionAsync(new() { UserId = second }, secondAuth)).Connected);
        Assert.Equal(address, (await api.GetConnectionAsync(new() { UserId = first }, firstAuth)).Address);

        // Once the first account lets go, the second may link it (with a fresh challenge: the refused one stays usable).
        await api.DisconnectAsync(new() { UserId = first }, firstAuth);
        var linked = await api.ConnectAsync(request, secondAuth);
        Assert.Equal(address, linked.Address);
    }

    private static string Sign(string message, EthECKey key) => new EthereumMessageSigner().EncodeUTF8AndSign(message, key);

    private async Task<(WalletConnectionService.WalletConnectionServiceClient Api, Metadata Auth)> ClientAsync(string userId)
    {
        var gateway = await Chain.GatewayAsync();
        return (new WalletConnectionService.WalletConnectionServiceClient(gateway.Channel), await gateway.AuthAsync(userId));
    }

    [Fact]
    public async Task A_good_signature_links_the_address_and_unlinking_removes_it()
    {
        var user = NewUser();
        var (api, auth) = await ClientAsync(user);
        Assert.False((await api.GetConnectionAsync(new() { UserId = user }, auth)).Connected);

        var challenge = await api.IssueChallengeAsync(new() { UserId = user }, auth);
        Assert.Contains(user, challenge.Message);
        Assert.Contains(challenge.Nonce, challenge.Message);
        Assert.Contains("Enerlectra", challenge.Message);
        Assert.InRange(challenge.ExpiresAt.ToDateTimeOffset(), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow + ChainGateway.ChallengeLifetime + TimeSpan.FromSeconds(1));

        // Lower case in, checksum out: the server stores the canonical form whatever the wallet sent.
        var address = UserKey.GetPublicAddress();
        var linked = await api.ConnectAsync(new() { UserId = user, Address = address.ToLowerInvariant(), Signature = Sign(challenge.Message, UserKey) }, auth);
        Assert.True(linked.Connected);
        Assert.Equal(address, linked.Address);
        Assert.NotNull(linked.LinkedAt);
        Assert.Equal(address, (await api.GetConnectionAsync(new() { UserId = user }, auth)).Address);

        var unlinked = await api.DisconnectAsync(new() { UserId = user }, auth);
        Assert.False(unlinked.Connected);
        Assert.Equal("", (await api.GetConnectionAsync(new() { UserId = user }, auth)).Address);
    }

    [Fact]
    public async Task A_signature_by_another_key_is_refused_and_nothing_is_linked()
    {
        var user = NewUser();
        var (api, auth) = await ClientAsync(user);
        var challenge = await api.IssueChallengeAsync(new() { UserId = user }, auth);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await api.ConnectAsync(new() { UserId = user, Address = UserKey.GetPublicAddress(), Signature = Sign(challenge.Message, OtherKey) }, auth));
        AssertRefused(error, StatusCode.InvalidArgument, "signature");
        Assert.False((await api.GetConnectionAsync(new() { UserId = user }, auth)).Connected);

        // The challenge was not used up by the wrong signature: the right one still works.
        var linked = await api.ConnectAsync(new() { UserId = user, Address = UserKey.GetPublicAddress(), Signature = Sign(challenge.Message, UserKey) }, auth);
        Assert.True(linked.Connected);
    }

    [Fact]
    public async Task A_used_challenge_cannot_be_replayed()
    {
        var user = NewUser();
        var (api, auth) = await ClientAsync(user);
        var challenge = await api.IssueChallengeAsync(new() { UserId = user }, auth);
        var request = new ConnectWalletRequest { UserId = user, Address = UserKey.GetPublicAddress(), Signature = Sign(challenge.Message, UserKey) };
        await api.ConnectAsync(request, auth);
        await api.DisconnectAsync(new() { UserId = user }, auth);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await api.ConnectAsync(request, auth));
        AssertRefused(error, StatusCode.FailedPrecondition, "signature");
        Assert.Contains("already used", error.Status.Detail);
        Assert.False((await api.GetConnectionAsync(new() { UserId = user }, auth)).Connected);
    }

    [Fact]
    public async Task An_expired_challenge_is_refused()
    {
        var user = NewUser();
        var (api, auth) = await ClientAsync(user);
        var challenge = await api.IssueChallengeAsync(new() { UserId = user }, auth);
        var signature = Sign(challenge.Message, UserKey);

        // Wait until the server's own expiry time has passed (a deadline, not a guess at how long work takes).
        var wait = challenge.ExpiresAt.ToDateTimeOffset() - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await api.ConnectAsync(new() { UserId = user, Address = UserKey.GetPublicAddress(), Signature = signature }, auth));
        AssertRefused(error, StatusCode.FailedPrecondition, "signature");
        Assert.Contains("expired", error.Status.Detail);
    }

    [Theory]
    [InlineData("0x1234", "address")]
    [InlineData("not an address", "address")]
    [InlineData("", "address")]
    [InlineData("0x8626F6940E2eb28930eFb4CeF49B2d1F2C9C1199", "address")]   // mixed case with a wrong checksum
    [InlineData(null, "signature")]
    public async Task Malformed_input_is_refused_naming_the_field(string? badAddress, string field)
    {
        var user = NewUser();
        var (api, auth) = await ClientAsync(user);
        var challenge = await api.IssueChallengeAsync(new() { UserId = user }, auth);
        var request = new ConnectWalletRequest
        {
            UserId = user,
            Address = badAddress ?? UserKey.GetPublicAddress(),
            Signature = badAddress is null ? "0xdeadbeef" : Sign(challenge.Message, UserKey),
        };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await api.ConnectAsync(request, auth));
        AssertRefused(error, StatusCode.InvalidArgument, field);
        Assert.Contains(field == "address" ? "wallet address" : "signature", error.Status.Detail);
    }

    [Fact]
    public async Task Another_user_cannot_act_for_you_and_the_json_routes_work()
    {
        var owner = NewUser();
        var (api, _) = await ClientAsync(NewUser());
        var (_, ownerAuth) = await ClientAsync(owner);
        var (_, strangerAuth) = await ClientAsync(NewUser());
        var error = await Assert.ThrowsAsync<RpcException>(async () => await api.IssueChallengeAsync(new() { UserId = owner }, strangerAuth));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);

        var gateway = await Chain.GatewayAsync();
        var token = ownerAuth.Get("authorization")!.Value;
        using var challengeRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/wallets/{owner}/connection/challenge") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        challengeRequest.Headers.TryAddWithoutValidation("authorization", token);
        using var challengeResponse = await gateway.Http.SendAsync(challengeRequest);
        challengeResponse.EnsureSuccessStatusCode();
        using var challenge = System.Text.Json.JsonDocument.Parse(await challengeResponse.Content.ReadAsStringAsync());
        var message = challenge.RootElement.GetProperty("message").GetString()!;

        var body = System.Text.Json.JsonSerializer.Serialize(new { address = UserKey.GetPublicAddress(), signature = Sign(message, UserKey) });
        using var connectRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/wallets/{owner}/connection")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        connectRequest.Headers.TryAddWithoutValidation("authorization", token);
        using var connectResponse = await gateway.Http.SendAsync(connectRequest);
        connectResponse.EnsureSuccessStatusCode();
        using var connected = System.Text.Json.JsonDocument.Parse(await connectResponse.Content.ReadAsStringAsync());
        Assert.True(connected.RootElement.GetProperty("connected").GetBoolean());
        Assert.Equal(UserKey.GetPublicAddress(), connected.RootElement.GetProperty("address").GetString());
    }

    private static void AssertRefused(RpcException error, StatusCode code, string field)
    {
        Assert.Equal(code, error.StatusCode);
        Assert.Equal(field, error.Trailers.GetValue("field"));
        // Users who did not ask for the chain rail never see its words.
        foreach (var word in new[] { "blockchain", "chain", "ecrecover", "EIP", "Ethereum" })
        {
            Assert.DoesNotContain(word, error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        }
    }
}
