using System.Net;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Payments;
using Microsoft.Extensions.DependencyInjection;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Issue 8, item 3: hostile values on every route are refused as INVALID_ARGUMENT naming the field and change
/// nothing; no input makes a route answer 500. An energyWh of 9223372036854775807 on the buy routes used to throw
/// OverflowException while pricing (500), before the amount was checked against the offer.
/// </summary>
public sealed class HostileInputTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string MaxLong = "9223372036854775807";

    private ApiClients Api => fixture.Api;

    private JsonCalls Json => new(fixture.Host.Http);

    public static TheoryData<string, string> BuyRoutes => new()
    {
        { "/api/blockchain/trade/execute", """{"offerId":"{offer}","phoneNumber":"{phone}","paymentMethod":"hybrid","energyWh":{energy},"idempotencyKey":"{key}"}""" },
        { "/api/blockchain/trade/mobile-money", """{"offerId":"{offer}","buyerPhone":"{phone}","mobileMoneyReference":"{key}","energyWh":{energy}}""" },
        { "/api/blockchain/trade/blockchain", """{"offerId":"{offer}","energyWh":{energy},"idempotencyKey":"{key}"}""" },
    };

    [Theory]
    [MemberData(nameof(BuyRoutes))]
    public async Task Overflowing_energy_on_a_json_buy_route_is_refused_naming_energyWh_and_changes_nothing(string path, string template)
    {
        var (offer, buyerId, buyerToken) = await OfferAndBuyerAsync();
        var key = "k-" + Guid.NewGuid().ToString("N");
        var body = template.Replace("{offer}", offer.OfferId).Replace("{phone}", ApiClients.MtnPhone()).Replace("{key}", key).Replace("{energy}", MaxLong);

        var response = await Json.SendAsync(HttpMethod.Post, path, await Json.TokenAsync(buyerId), body);

        JsonCalls.AssertError(response, HttpStatusCode.BadRequest, 3, "energyWh");
        await AssertNothingChangedAsync(offer, buyerId, buyerToken, key);
    }

    [Theory]
    [InlineData("ExecuteTrade")]
    [InlineData("ExecuteMobileMoneyTrade")]
    [InlineData("ExecuteBlockchainTrade")]
    public async Task Overflowing_energy_on_a_grpc_buy_is_refused_naming_energyWh_and_changes_nothing(string method)
    {
        var (offer, buyerId, buyerToken) = await OfferAndBuyerAsync();
        var key = "k-" + Guid.NewGuid().ToString("N");
        Func<Task> buy = method switch
        {
            "ExecuteTrade" => async () => await Api.Trades.ExecuteTradeAsync(
                new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = ApiClients.MtnPhone(), EnergyWh = long.MaxValue, IdempotencyKey = key }, buyerToken),
            "ExecuteMobileMoneyTrade" => async () => await Api.Trades.ExecuteMobileMoneyTradeAsync(
                new ExecuteMobileMoneyTradeRequest { OfferId = offer.OfferId, BuyerPhone = ApiClients.MtnPhone(), EnergyWh = long.MaxValue, MobileMoneyReference = key }, buyerToken),
            _ => async () => await Api.Trades.ExecuteBlockchainTradeAsync(
                new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = long.MaxValue, IdempotencyKey = key }, buyerToken),
        };

        await AssertInvalidAsync(buy, "energyWh");
        await AssertNothingChangedAsync(offer, buyerId, buyerToken, key);
    }

    [Fact]
    public async Task Extreme_numbers_are_refused_naming_their_field()
    {
        var sellerId = ApiClients.NewUserId("seller");
        await Api.CreditGenerationAsync(sellerId, 20_000);
        var seller = await Api.TokenAsync(sellerId);
        var meter = await Api.TokenAsync("meter-x", "meter");
        var operatorToken = await Api.TokenAsync(ApiClients.NewUserId("ops"), "operator");
        var tomorrow = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1));

        await AssertInvalidAsync(async () => await Api.Offers.CreateOfferAsync(new CreateOfferRequest { EnergyWh = long.MaxValue, PricePerKwhNgwee = 100, ExpiresAt = tomorrow }, seller), "energyWh");
        await AssertInvalidAsync(async () => await Api.Offers.CreateOfferAsync(new CreateOfferRequest { EnergyWh = long.MinValue, PricePerKwhNgwee = 100, ExpiresAt = tomorrow }, seller), "energyWh");
        await AssertInvalidAsync(async () => await Api.Offers.CreateOfferAsync(new CreateOfferRequest { EnergyWh = 5_000, PricePerKwhNgwee = long.MaxValue, ExpiresAt = tomorrow }, seller), "pricePerKwhNgwee");
        await AssertInvalidAsync(async () => await Api.Meters.RecordReadingAsync(new RecordReadingRequest { UserId = sellerId, ReadingId = "r-max", GeneratedWh = long.MaxValue }, meter), "generatedWh");
        await AssertInvalidAsync(async () => await Api.Offers.ListOffersAsync(new ListOffersRequest { PageSize = int.MaxValue }), "pageSize");
        await AssertInvalidAsync(async () => await Api.Offers.ListOffersAsync(new ListOffersRequest { PageSize = int.MinValue }), "pageSize");
        await AssertInvalidAsync(async () => await Api.Offers.ListOffersAsync(new ListOffersRequest { PageToken = new string('9', 5_000) }), "pageToken");
        await AssertInvalidAsync(async () => await Api.Offers.ListOffersAsync(new ListOffersRequest { PageToken = $"{long.MaxValue}.{long.MaxValue}.{Guid.NewGuid():N}x" }), "pageToken");
        await AssertInvalidAsync(async () => await Api.Operator.GetPaymentOverviewAsync(new GetPaymentOverviewRequest { MaxListed = int.MaxValue }, operatorToken), "maxListed");
        await AssertInvalidAsync(async () => await FirstEventAsync(new StreamMarketEventsRequest { AfterSequence = long.MinValue }), "afterSequence");

        // Nothing was offered or credited by any of it.
        var wallet = await Api.WalletAsync(sellerId, seller);
        Assert.Equal((20_000L, 0L, 20_000L), (wallet.AvailableWh, wallet.ReservedWh, wallet.GeneratedWh));
    }

    [Fact]
    public async Task Resuming_a_stream_after_the_largest_sequence_is_told_the_replay_was_truncated()
    {
        var market = new Market(Api);
        var first = await FirstEventAsync(new StreamMarketEventsRequest { MarketId = market.Id, AfterSequence = long.MaxValue });
        Assert.Equal("replay-truncated", first.Type);
    }

    public static TheoryData<long, int> OutOfRangeTimes => new()
    {
        { long.MaxValue, 0 },
        { long.MinValue, 0 },
        { 253_402_300_800, 0 },     // 10000-01-01
        { -62_135_596_801, 0 },     // the second before 0001-01-01
        { 1_800_000_000, -1 },
        { 1_800_000_000, 1_000_000_000 },
    };

    [Theory]
    [MemberData(nameof(OutOfRangeTimes))]
    public async Task A_time_no_calendar_holds_is_refused_naming_expiresAt(long seconds, int nanos)
    {
        var sellerId = ApiClients.NewUserId("seller");
        await Api.CreditGenerationAsync(sellerId, 10_000);
        var seller = await Api.TokenAsync(sellerId);

        // Before: Timestamp.ToDateTimeOffset threw in the service, and the client got 500 ("Exception was thrown by handler").
        await AssertInvalidAsync(
            async () => await Api.Offers.CreateOfferAsync(new CreateOfferRequest { EnergyWh = 5_000, PricePerKwhNgwee = 100, ExpiresAt = new Timestamp { Seconds = seconds, Nanos = nanos } }, seller),
            "expiresAt");
        Assert.Equal(10_000L, (await Api.WalletAsync(sellerId, seller)).AvailableWh);
    }

    [Theory]
    [InlineData(1, "in the future")]
    [InlineData(9999, "at most 30 days")]
    public async Task The_first_and_last_years_are_refused_as_expiry(int year, string words)
    {
        var seller = await Api.TokenAsync(ApiClients.NewUserId("seller"));
        var at = new DateTimeOffset(year, year == 1 ? 1 : 12, year == 1 ? 1 : 31, year == 1 ? 0 : 23, year == 1 ? 0 : 59, year == 1 ? 0 : 59, TimeSpan.Zero);
        var message = await AssertInvalidAsync(
            async () => await Api.Offers.CreateOfferAsync(new CreateOfferRequest { EnergyWh = 5_000, PricePerKwhNgwee = 100, ExpiresAt = Timestamp.FromDateTimeOffset(at) }, seller),
            "expiresAt");
        Assert.Contains(words, message);
    }

    [Fact]
    public async Task Long_and_odd_strings_are_refused_naming_their_field()
    {
        var userId = ApiClients.NewUserId("user");
        var user = await Api.TokenAsync(userId);
        var meter = await Api.TokenAsync("meter-y", "meter");
        var longText = new string('7', 10_000);

        await AssertInvalidAsync(async () => await Api.Auth.IssueDevTokenAsync(new IssueDevTokenRequest { UserId = longText }), "userId");
        var roles = new IssueDevTokenRequest { UserId = userId };
        roles.Roles.Add(longText);
        var rolesMessage = await AssertInvalidAsync(async () => await Api.Auth.IssueDevTokenAsync(roles), "roles");
        Assert.True(rolesMessage.Length < 200, rolesMessage);
        await AssertInvalidAsync(async () => await Api.Wallets.SetPhoneAsync(new SetPhoneRequest { UserId = userId, PhoneNumber = longText }, user), "phoneNumber");
        await AssertInvalidAsync(async () => await Api.Wallets.SetPhoneAsync(new SetPhoneRequest { UserId = userId, PhoneNumber = "0961234567", Network = longText }, user), "network");
        await AssertInvalidAsync(async () => await Api.Meters.RecordReadingAsync(new RecordReadingRequest { UserId = userId, ReadingId = longText, GeneratedWh = 1_000 }, meter), "readingId");
        await AssertInvalidAsync(async () => await Api.Offers.CreateOfferAsync(new CreateOfferRequest { EnergyWh = 5_000, PricePerKwhNgwee = 100, ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)), IdempotencyKey = longText }, user), "idempotencyKey");
        await AssertInvalidAsync(async () => await Api.Offers.CreateOfferAsync(new CreateOfferRequest { EnergyWh = 5_000, PricePerKwhNgwee = 100, ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)), MarketId = longText }, user), "marketId");
        await AssertInvalidAsync(async () => await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = Guid.Empty.ToString() }), "offerId");
        await AssertInvalidAsync(async () => await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = longText }), "offerId");
        await AssertInvalidAsync(async () => await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = "\0" }, user), "tradeId");
        await AssertInvalidAsync(async () => await Api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = Guid.NewGuid().ToString(), PaymentMethod = longText }, user), "paymentMethod");
        await AssertInvalidAsync(async () => await FirstEventAsync(new StreamMarketEventsRequest { MarketId = longText }), "marketId");

        // Odd but valid forms of an id are ids: a missing offer is NOT_FOUND, never an error of the server.
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = $"{{{Guid.NewGuid()}}}" }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("00")]      // v = 0
    [InlineData("ff")]      // v = 255
    [InlineData("1b")]      // v = 27, with r = s = 0
    public async Task A_signature_that_recovers_no_address_is_refused_naming_signature(string v)
    {
        var userId = ApiClients.NewUserId("user");
        var user = await Api.TokenAsync(userId);
        var connections = new WalletConnectionService.WalletConnectionServiceClient(fixture.Host.Channel);
        await connections.IssueChallengeAsync(new IssueWalletChallengeRequest { UserId = userId }, user);
        var filler = v == "1b" ? '0' : 'f';

        await AssertInvalidAsync(
            async () => await connections.ConnectAsync(new ConnectWalletRequest
            {
                UserId = userId,
                Address = "0x" + new string('1', 40),
                Signature = "0x" + new string(filler, 128) + v,
            }, user),
            "signature");
    }

    private async Task<(Offer Offer, string BuyerId, Metadata BuyerToken)> OfferAndBuyerAsync()
    {
        var (_, _, offer) = await new Market(Api).SellerWithOfferAsync(10_000, 5_000, 1_000);
        var buyerId = ApiClients.NewUserId("buyer");
        return (offer, buyerId, await Api.TokenAsync(buyerId));
    }

    /// <summary>The offer is as it was, the buyer paid nothing, and no trade exists under the request's key.</summary>
    private async Task AssertNothingChangedAsync(Offer offer, string buyerId, Metadata buyerToken, string key)
    {
        var after = await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId });
        Assert.Equal((offer.RemainingWh, 0L, 0L, "open"), (after.RemainingWh, after.PendingWh, after.SoldWh, after.Status));
        var buyer = await Api.WalletAsync(buyerId, buyerToken);
        Assert.Equal((0L, 0L), (buyer.BoughtWh, buyer.SpentNgwee));
        var tradeId = fixture.Host.Services.GetRequiredService<KeyedIds>().TradeId(buyerId, key).ToString();
        var none = await Assert.ThrowsAsync<RpcException>(async () => await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = tradeId }, buyerToken));
        Assert.Equal(StatusCode.NotFound, none.StatusCode);
    }

    private async Task<Api.V1.MarketEvent> FirstEventAsync(StreamMarketEventsRequest request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var call = Api.Events.StreamMarketEvents(request, cancellationToken: timeout.Token);
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token), "The stream ended without an event.");
        return call.ResponseStream.Current;
    }

    /// <summary>INVALID_ARGUMENT with the field in the "field" trailer and named in the message; returns the message.</summary>
    private static async Task<string> AssertInvalidAsync(Func<Task> call, string field)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(ex.StatusCode == StatusCode.InvalidArgument, $"Expected INVALID_ARGUMENT for {field}, got {ex.StatusCode}: {ex.Status.Detail}");
        Assert.Equal(field, ex.Trailers.GetValue("field"));
        Assert.Contains(field, ex.Status.Detail, StringComparison.Ordinal);
        JsonCalls.AssertNoFrameworkWords(ex.Status.Detail);
        return ex.Status.Detail;
    }
}
