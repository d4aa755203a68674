using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Grpc.Core;

namespace Enerlectra.IntegrationTests;

/// <summary>Retries never pay twice; nobody acts on someone else's wallet, offer or trade; bad input changes nothing.</summary>
public sealed class IdempotencyAndAuthorizationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private ApiClients Api => fixture.Api;

    [Fact]
    public async Task Same_idempotency_key_returns_the_same_trade_and_charges_once()
    {
        var market = new Market(Api);
        var (sellerId, sellerToken, offer) = await market.SellerWithOfferAsync(10_000, 6_000, 1_000);
        var (buyerId, buyerToken, phone) = await Api.BuyerAsync(ApiClients.MtnPhone());
        var request = new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = phone, EnergyWh = 2_000, IdempotencyKey = "order-42" };

        // A client that timed out and retries, twice at once and once later.
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ => await Api.Trades.ExecuteTradeAsync(request, buyerToken)));
        var first = concurrent[0];
        Assert.All(concurrent, t => Assert.Equal(first.TradeId, t.TradeId));
        var final = await Api.WaitForFinalAsync(first.TradeId, buyerToken);
        Assert.Equal("completed", final.Status);
        var again = await Api.Trades.ExecuteTradeAsync(request, buyerToken);
        Assert.Equal((first.TradeId, "completed"), (again.TradeId, again.Status));

        Assert.Equal(1, await fixture.Sandbox.ChargesForAsync(phone));
        Assert.Equal(2_000, (await Api.WalletAsync(buyerId, buyerToken)).BoughtWh);
        Assert.Equal(final.SellerNetNgwee, (await Api.WalletAsync(sellerId, sellerToken)).EarningsNgwee);
        Assert.Equal(4_000, (await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId })).RemainingWh);

        var different = request.Clone();
        different.EnergyWh = 3_000;
        var conflict = await Assert.ThrowsAsync<RpcException>(async () => await Api.Trades.ExecuteTradeAsync(different, buyerToken));
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
        Assert.Equal("idempotencyKey", conflict.Trailers.GetValue("field"));
        Assert.Equal(1, await fixture.Sandbox.ChargesForAsync(phone));

        // Keys are per buyer: another buyer's identical key (paying from their own phone) is a different trade.
        var (_, otherToken, otherPhone) = await Api.BuyerAsync(ApiClients.MtnPhone());
        var theirs = request.Clone();
        theirs.PhoneNumber = otherPhone;
        var other = await Api.Trades.ExecuteTradeAsync(theirs, otherToken);
        Assert.NotEqual(first.TradeId, other.TradeId);
    }

    [Fact]
    public async Task Users_cannot_act_on_or_read_each_others_offers_wallets_and_trades()
    {
        var market = new Market(Api);
        var (sellerB, tokenB, offerB) = await market.SellerWithOfferAsync(10_000, 5_000, 1_000);
        var userA = ApiClients.NewUserId("alice");
        var tokenA = await Api.TokenAsync(userA);
        await Api.CreditGenerationAsync(userA, 3_000);

        await AssertDenied(() => Api.Offers.CancelOfferAsync(new CancelOfferRequest { OfferId = offerB.OfferId }, tokenA).ResponseAsync);
        Assert.Equal("open", (await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offerB.OfferId })).Status);

        await AssertDenied(() => Api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offerB.OfferId, BuyerId = sellerB, PhoneNumber = ApiClients.MtnPhone() }, tokenA).ResponseAsync);
        await AssertDenied(() => Api.Wallets.GetWalletAsync(new GetWalletRequest { UserId = sellerB }, tokenA).ResponseAsync);
        await AssertDenied(() => Api.Wallets.SetPhoneAsync(new SetPhoneRequest { UserId = sellerB, PhoneNumber = ApiClients.MtnPhone() }, tokenA).ResponseAsync);
        await AssertDenied(() => Api.Offers.CreateOfferAsync(new CreateOfferRequest { SellerId = sellerB, EnergyWh = 1_000, PricePerKwhNgwee = 1, ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1)) }, tokenA).ResponseAsync);
        await AssertDenied(() => Api.Meters.RecordReadingAsync(new RecordReadingRequest { UserId = userA, ReadingId = "self-credit", GeneratedWh = 1_000_000 }, tokenA).ResponseAsync);
        Assert.Equal(3_000, (await Api.WalletAsync(userA, tokenA)).GeneratedWh);

        // B's trade is invisible to A, visible to buyer and seller, and to an operator.
        var (_, buyerToken, buyerPhone) = await Api.BuyerAsync(ApiClients.MtnPhone());
        var trade = await Api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offerB.OfferId, PhoneNumber = buyerPhone, EnergyWh = 1_000 }, buyerToken);
        // (Invisible means not found, exactly as for an id that does not exist: see TradeIdSecrecyTests.)
        var hidden = await Assert.ThrowsAsync<RpcException>(async () => await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = trade.TradeId }, tokenA));
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = trade.TradeId }, tokenB);
        var operatorToken = await Api.TokenAsync("ops-1", "operator");
        await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = trade.TradeId }, operatorToken);
        await Api.Wallets.GetWalletAsync(new GetWalletRequest { UserId = sellerB }, operatorToken);
        await AssertDenied(() => ReadOneAsync(Api.Events.StreamUserEvents(new StreamUserEventsRequest { UserId = sellerB }, tokenA)));

        // The payments overview is for operators only.
        await AssertDenied(() => Api.Operator.GetPaymentOverviewAsync(new GetPaymentOverviewRequest(), tokenA).ResponseAsync);
        Assert.Equal("completed", (await Api.WaitForFinalAsync(trade.TradeId, buyerToken)).Status);
        var overview = await Api.Operator.GetPaymentOverviewAsync(new GetPaymentOverviewRequest(), operatorToken);
        Assert.Equal(overview.Unresolved, overview.Providers.Sum(p => p.Unresolved));
        Assert.True(overview.Providers.Single(p => p.Network == "mtn").CompletedPayments >= 1);

        var unauthenticated = await Assert.ThrowsAsync<RpcException>(async () => await Api.Wallets.GetWalletAsync(new GetWalletRequest { UserId = userA }));
        Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);
    }

    public static TheoryData<string, string> BadTradeInputs => new()
    {
        { "offerId", "not-a-guid" },
        { "phoneNumber", "+44 20 7946 0000" },
        { "paymentMethod", "cash" },
        { "energyWh", "-1" },
        { "network", "vodafone" },
    };

    [Theory]
    [MemberData(nameof(BadTradeInputs))]
    public async Task Bad_trade_input_is_invalid_argument_naming_the_field_and_changes_nothing(string field, string value)
    {
        var market = new Market(Api);
        var (sellerId, sellerToken, offer) = await market.SellerWithOfferAsync(10_000, 5_000, 1_000);
        var buyerId = ApiClients.NewUserId("buyer");
        var buyerToken = await Api.TokenAsync(buyerId);
        var request = new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = ApiClients.MtnPhone(), PaymentMethod = "hybrid", EnergyWh = 1_000 };
        switch (field)
        {
            case "offerId": request.OfferId = value; break;
            case "phoneNumber": request.PhoneNumber = value; break;
            case "paymentMethod": request.PaymentMethod = value; break;
            case "energyWh": request.EnergyWh = long.Parse(value); break;
            case "network": request.Network = value; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Api.Trades.ExecuteTradeAsync(request, buyerToken));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail);
        Assert.Equal(field, error.Trailers.GetValue("field"));

        var untouched = await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId });
        Assert.Equal((5_000L, 0L, 0L), (untouched.RemainingWh, untouched.PendingWh, untouched.SoldWh));
        var buyer = await Api.WalletAsync(buyerId, buyerToken);
        Assert.Equal((0L, 0L), (buyer.BoughtWh, buyer.SpentNgwee));
        var seller = await Api.WalletAsync(sellerId, sellerToken);
        Assert.Equal((5_000L, 5_000L, 0L), (seller.AvailableWh, seller.ReservedWh, seller.EarningsNgwee));
    }

    [Fact]
    public async Task Bad_wallet_and_offer_input_is_invalid_argument_and_the_wallet_is_unchanged()
    {
        var userId = ApiClients.NewUserId("seller");
        var token = await Api.TokenAsync(userId);
        var meter = await Api.TokenAsync("meter-x", "meter");
        await Api.CreditGenerationAsync(userId, 4_000);
        var before = await Api.WalletAsync(userId, token);

        await AssertInvalid("generatedWh", () => Api.Meters.RecordReadingAsync(new RecordReadingRequest { UserId = userId, ReadingId = "neg", GeneratedWh = -500 }, meter).ResponseAsync);
        await AssertInvalid("phoneNumber", () => Api.Wallets.SetPhoneAsync(new SetPhoneRequest { UserId = userId, PhoneNumber = "12345" }, token).ResponseAsync);
        await AssertInvalid("energyWh", () => Api.CreateOfferAsync(token, -1_000, 1_000));
        await AssertInvalid("pricePerKwhNgwee", () => Api.CreateOfferAsync(token, 1_000, 0));
        await AssertInvalid("offerId", () => Api.Offers.CancelOfferAsync(new CancelOfferRequest { OfferId = "42" }, token).ResponseAsync);

        var after = await Api.WalletAsync(userId, token);
        Assert.Equal(before, after);
    }

    private static async Task AssertDenied(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    private static async Task AssertInvalid<T>(string field, Func<Task<T>> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call());
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail);
    }

    private static async Task ReadOneAsync(AsyncServerStreamingCall<MarketEvent> call)
    {
        using (call)
        {
            await call.ResponseStream.MoveNext(CancellationToken.None);
        }
    }
}
