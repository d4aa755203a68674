using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Grpc.Core;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Trade ids are also the providers' payment references, so outsiders must neither compute them (they are keyed with
/// the server's Security:IdKey) nor confirm them (a trade you may not see answers exactly like one that does not exist).
/// </summary>
public sealed class TradeIdSecrecyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    /// <summary>Another 32-byte key than <see cref="TestGateway.IdKey"/>, which the fixture's gateway uses.</summary>
    private static readonly string OtherIdKey = Convert.ToBase64String(Encoding.ASCII.GetBytes("another-deployment-with-its-key!"));

    private ApiClients Api => fixture.Api;

    [Fact]
    public async Task The_same_idempotency_key_on_gateways_with_different_id_keys_gives_different_ids()
    {
        await using var other = await GatewayHost.StartAsync(extra: new Dictionary<string, string?> { ["Security:IdKey"] = OtherIdKey });
        var buyerId = ApiClients.NewUserId("buyer");
        var sellerId = ApiClients.NewUserId("seller");
        const string key = "order-1";

        async Task<(string TradeId, string OfferId)> BuyOnAsync(ApiClients api)
        {
            await api.CreditGenerationAsync(sellerId, 5_000);
            var sellerToken = await api.TokenAsync(sellerId);
            var offer = await api.CreateOfferAsync(sellerToken, 5_000, 1_000, idempotencyKey: key);
            var buyerToken = await api.TokenAsync(buyerId);
            var phone = ApiClients.MtnPhone();
            await api.LinkVerifiedPhoneAsync(buyerId, buyerToken, phone);
            var request = new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = phone, EnergyWh = 1_000, IdempotencyKey = key };
            var trade = await api.Trades.ExecuteTradeAsync(request, buyerToken);
            // Still idempotent under a key: the retry is the same trade.
            Assert.Equal(trade.TradeId, (await api.Trades.ExecuteTradeAsync(request, buyerToken)).TradeId);
            return (trade.TradeId, offer.OfferId);
        }

        var here = await BuyOnAsync(Api);
        var there = await BuyOnAsync(other.Api);

        Assert.NotEqual(here.TradeId, there.TradeId);
        Assert.NotEqual(here.OfferId, there.OfferId);
    }

    [Fact]
    public async Task A_trade_id_is_keyed_not_the_SHA256_of_buyer_and_key_anyone_could_compute()
    {
        var market = new Market(Api);
        var (_, _, offer) = await market.SellerWithOfferAsync(5_000, 5_000, 1_000);
        var (buyerId, buyerToken, phone) = await Api.BuyerAsync(ApiClients.MtnPhone());
        const string key = "checkout-2026-01";

        var trade = await Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = phone, EnergyWh = 1_000, IdempotencyKey = key }, buyerToken);
        var tradeId = Guid.Parse(trade.TradeId);

        // What an outsider could compute before: SHA-256 of the buyer and the key, shaped as a v4 UUID.
        Assert.NotEqual(UnkeyedOldDerivation("trade", buyerId, key), tradeId);
        // What the server computes now: HMAC-SHA256 under the configured key (so only it can).
        Assert.Equal(new KeyedIds(new IdKeyOptions { IdKey = TestGateway.IdKey }).TradeId(buyerId, key), tradeId);
        Assert.NotEqual(new KeyedIds(new IdKeyOptions()).TradeId(buyerId, key), tradeId);
        // Still a version-4 UUID, as MTN's X-Reference-Id requires.
        Assert.Equal('4', trade.TradeId[14]);
        Assert.Contains(trade.TradeId[19], "89ab");

        // Offers from idempotency keys likewise.
        var sellerId = ApiClients.NewUserId("seller");
        await Api.CreditGenerationAsync(sellerId, 2_000);
        var offerWithKey = await Api.CreateOfferAsync(await Api.TokenAsync(sellerId), 1_000, 500, market.Id, key);
        Assert.NotEqual(UnkeyedOldDerivation("offer", sellerId, key), Guid.Parse(offerWithKey.OfferId));
    }

    [Fact]
    public async Task Another_users_read_of_an_existing_trade_is_NotFound_exactly_like_a_random_id()
    {
        var market = new Market(Api);
        var (sellerId, sellerToken, offer) = await market.SellerWithOfferAsync(5_000, 5_000, 1_000);
        var (buyerId, buyerToken, phone) = await Api.BuyerAsync(ApiClients.MtnPhone());
        var trade = await Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = phone, EnergyWh = 1_000 }, buyerToken);
        var outsider = await Api.TokenAsync(ApiClients.NewUserId("outsider"));
        var randomId = Guid.NewGuid().ToString();

        // gRPC: same status, same message (the id the caller sent aside), same field.
        var hidden = await Assert.ThrowsAsync<RpcException>(async () =>
            await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = trade.TradeId }, outsider));
        var missing = await Assert.ThrowsAsync<RpcException>(async () =>
            await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = randomId }, outsider));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(missing.StatusCode, hidden.StatusCode);
        Assert.Equal(missing.Status.Detail.Replace(randomId, "{id}"), hidden.Status.Detail.Replace(trade.TradeId, "{id}"));
        Assert.Equal(missing.Trailers.GetValue("field"), hidden.Trailers.GetValue("field"));

        // JSON: the same 404 with the same body.
        var (hiddenStatus, hiddenBody) = await GetJsonAsync($"/api/trades/{trade.TradeId}", outsider);
        var (missingStatus, missingBody) = await GetJsonAsync($"/api/trades/{randomId}", outsider);
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        Assert.Equal(missingStatus, hiddenStatus);
        Assert.Equal(missingBody.Replace(randomId, "{id}"), hiddenBody.Replace(trade.TradeId, "{id}"));

        // Those who may see it still do: buyer, seller and an operator.
        Assert.Equal(trade.TradeId, (await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = trade.TradeId }, buyerToken)).TradeId);
        Assert.Equal(trade.TradeId, (await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = trade.TradeId }, sellerToken)).TradeId);
        var operatorToken = await Api.TokenAsync(ApiClients.NewUserId("ops"), "operator");
        Assert.Equal(trade.TradeId, (await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = trade.TradeId }, operatorToken)).TradeId);
        Assert.Equal(sellerId, (await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = trade.TradeId }, operatorToken)).SellerId);
    }

    [Fact]
    public async Task Other_per_user_reads_answer_the_same_for_an_active_user_and_one_that_never_existed()
    {
        // Wallets, wallet connections and user event streams refuse another user's id before looking at anything,
        // so the answer cannot tell whether that user has traded.
        var market = new Market(Api);
        var (sellerId, _, _) = await market.SellerWithOfferAsync(5_000, 5_000, 1_000);
        var nobody = ApiClients.NewUserId("nobody");
        var outsider = await Api.TokenAsync(ApiClients.NewUserId("outsider"));

        async Task<(StatusCode, string)> RefusalAsync(Func<Task> call)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            return (error.StatusCode, error.Status.Detail);
        }

        foreach (var read in new Func<string, Task>[]
        {
            user => Api.Wallets.GetWalletAsync(new GetWalletRequest { UserId = user }, outsider).ResponseAsync,
            user => new WalletConnectionService.WalletConnectionServiceClient(fixture.Host.Channel)
                .GetConnectionAsync(new GetWalletConnectionRequest { UserId = user }, outsider).ResponseAsync,
            async user =>
            {
                using var call = Api.Events.StreamUserEvents(new StreamUserEventsRequest { UserId = user }, outsider);
                await call.ResponseStream.MoveNext(CancellationToken.None);
            },
        })
        {
            var active = await RefusalAsync(() => read(sellerId));
            var absent = await RefusalAsync(() => read(nobody));
            Assert.Equal(StatusCode.PermissionDenied, active.Item1);
            Assert.Equal(absent, active);
        }
    }

    [Theory]
    [InlineData("c2hvcnQta2V5")] // "short-key": 9 bytes
    [InlineData("not base64 at all")]
    public async Task A_gateway_refuses_to_start_with_an_id_key_that_is_not_32_bytes_of_base64(string key)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var gateway = await GatewayHost.StartAsync(extra: new Dictionary<string, string?> { ["Security:IdKey"] = key });
        });
        Assert.Contains(IdKeyOptions.ConfigurationKey, error.ToString());
    }

    private async Task<(HttpStatusCode Status, string Body)> GetJsonAsync(string path, Metadata token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(token.GetValue("authorization")!);
        using var response = await fixture.Host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        // Normalised, so only content differences count.
        return (response.StatusCode, JsonSerializer.Serialize(JsonDocument.Parse(body).RootElement));
    }

    private static Guid UnkeyedOldDerivation(string scope, string owner, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"enerlectra\n{scope}\n{owner}\n{key}"))[..16];
        hash[7] = (byte)((hash[7] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash);
    }
}
