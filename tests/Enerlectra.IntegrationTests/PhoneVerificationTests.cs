using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enerlectra.Api.V1;
using Enerlectra.Gateway.Hosting;
using Enerlectra.IntegrationTests.Support;
using Enerlectra.MobileMoney;
using Enerlectra.MobileMoney.Airtel;
using Grpc.Core;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Linking a phone through the public API, against all three providers of the gateway's own sandbox: a number is
/// the wallet's only once its owner approved the verification collection (credited to their balance exactly once);
/// a declined one links nothing and says why; an unknown outcome is reconciled to one charge; and no trade can make
/// the server prompt a number that is not the buyer's verified phone.
/// </summary>
public sealed class PhoneVerificationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string, string> Networks => new() { { "mtn", "96" }, { "airtel", "97" }, { "zamtel", "95" } };

    private ApiClients Api => fixture.Api;

    private SandboxControl Sandbox => fixture.Sandbox;

    [Theory]
    [MemberData(nameof(Networks))]
    public async Task A_number_is_linked_once_its_owner_approves_and_the_amount_is_credited_once(string provider, string prefix)
    {
        var userId = ApiClients.NewUserId("user");
        var token = await Api.TokenAsync(userId);
        var phone = ApiClients.Phone(prefix);

        var linking = await Api.Wallets.SetPhoneAsync(new SetPhoneRequest { UserId = userId, PhoneNumber = phone }, token);
        Assert.Equal(("", 0L), (linking.PhoneNumber, linking.BalanceNgwee));
        Assert.Equal((phone, provider, "awaiting_approval", ApiClients.VerificationNgwee, ""),
            (linking.PhoneVerification.PhoneNumber, linking.PhoneVerification.Network, linking.PhoneVerification.Status,
             linking.PhoneVerification.AmountNgwee, linking.PhoneVerification.FailureReason));

        var verified = await Eventually.UntilAsync(() => Api.WalletAsync(userId, token), w => w.PhoneNumber != "", "the number to be verified");
        Assert.Equal((phone, provider, "verified", ApiClients.VerificationNgwee),
            (verified.PhoneNumber, verified.Network, verified.PhoneVerification.Status, verified.BalanceNgwee));
        var id = linking.PhoneVerification.VerificationId;
        var collection = (await Sandbox.CollectionAsync(provider, id)).GetProperty("transaction");
        Assert.Equal((1, ApiClients.VerificationNgwee, true),
            (collection.GetProperty("completions").GetInt32(), collection.GetProperty("amountNgwee").GetInt64(), collection.GetProperty("phoneVerification").GetBoolean()));
        var row = (await Sandbox.CollectionLedgerAsync(provider)).For(phone);
        Assert.Equal(((1, ApiClients.VerificationNgwee), (0, 0L)), (row.Verifications, row.Payments));

        // The verified number again: nothing new is started, nobody is prompted again.
        var again = await Api.Wallets.SetPhoneAsync(new SetPhoneRequest { UserId = userId, PhoneNumber = phone }, token);
        Assert.Equal(verified, again);
        Assert.Equal(1, (await Sandbox.CollectionAsync(provider, id)).GetProperty("requestAttempts").GetInt32());
        Assert.Equal((1, ApiClients.VerificationNgwee), (await Sandbox.CollectionLedgerAsync(provider)).For(phone).Verifications);
    }

    [Fact]
    public async Task A_declined_verification_links_nothing_shows_why_and_keeps_the_verified_number()
    {
        var (userId, token, first) = await Api.BuyerAsync(ApiClients.AirtelPhone());
        var declined = ApiClients.MtnPhone("0020");   // the sandbox's payer declines verifications of this number

        var linking = await Api.Wallets.SetPhoneAsync(new SetPhoneRequest { UserId = userId, PhoneNumber = declined }, token);
        Assert.Equal((first, declined, "awaiting_approval"), (linking.PhoneNumber, linking.PhoneVerification.PhoneNumber, linking.PhoneVerification.Status));
        var failed = await Eventually.UntilAsync(
            () => Api.WalletAsync(userId, token), w => w.PhoneVerification.Status != "awaiting_approval", "the verification to end");

        Assert.Equal(("failed", first, "airtel", ApiClients.VerificationNgwee), (failed.PhoneVerification.Status, failed.PhoneNumber, failed.Network, failed.BalanceNgwee));
        Assert.Contains("declined", failed.PhoneVerification.FailureReason);
        Assert.Equal((0, 0L), (await Sandbox.CollectionLedgerAsync("mtn")).For(declined).Verifications);
        // The number never became payable.
        var market = new Market(Api);
        var (_, _, offer) = await market.SellerWithOfferAsync(10_000, 5_000, 1_000);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = declined, EnergyWh = 1_000 }, token));
        Assert.Equal((StatusCode.FailedPrecondition, "phoneNumber"), (refused.StatusCode, refused.Trailers.GetValue("field")));
    }

    [Theory]
    [InlineData("mtn", "96", "0022")]       // the provider loses the first request: resubmitted under the same reference
    [InlineData("airtel", "97", "0023")]    // the first answer comes after the client's timeout: it retries the same reference
    [InlineData("zamtel", "95", "0022")]
    public async Task An_unknown_verification_outcome_is_reconciled_to_exactly_one_charge(string provider, string prefix, string ending)
    {
        var userId = ApiClients.NewUserId("user");
        var token = await Api.TokenAsync(userId);
        var phone = ApiClients.Phone(prefix, ending);

        var verified = await Api.LinkVerifiedPhoneAsync(userId, token, phone);

        var view = await Sandbox.CollectionAsync(provider, verified.PhoneVerification.VerificationId);
        Assert.True(view.GetProperty("requestAttempts").GetInt32() >= 2, view.ToString());
        Assert.Equal(1, view.GetProperty("transaction").GetProperty("completions").GetInt32());
        Assert.Equal((1, ApiClients.VerificationNgwee), (await Sandbox.CollectionLedgerAsync(provider)).For(phone).Verifications);
        Assert.Equal(ApiClients.VerificationNgwee, verified.BalanceNgwee);
        Assert.Equal(ApiClients.VerificationNgwee, (await Api.WalletAsync(userId, token)).BalanceNgwee);
    }

    [Fact]
    public async Task A_trade_from_a_number_that_is_not_the_buyers_verified_phone_is_refused_and_no_prompt_reaches_it()
    {
        var market = new Market(Api);
        var (_, _, offer) = await market.SellerWithOfferAsync(10_000, 5_000, 1_000);
        var (_, _, victim) = await Api.BuyerAsync(ApiClients.MtnPhone());   // someone else's verified number
        var attackerId = ApiClients.NewUserId("buyer");
        var attacker = await Api.TokenAsync(attackerId);
        var ledgerBefore = (await Sandbox.CollectionLedgerAsync("mtn")).For(victim);
        var submitsBefore = await Sandbox.CollectionSubmitCallsAsync("mtn");

        // Without a verified phone of their own, through both routes: refused naming each route's phone field.
        await AssertRefusedAsync("phoneNumber", () => Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = victim, EnergyWh = 1_000 }, attacker).ResponseAsync);
        await AssertRefusedAsync("buyerPhone", () => Api.Trades.ExecuteMobileMoneyTradeAsync(
            new ExecuteMobileMoneyTradeRequest { OfferId = offer.OfferId, BuyerPhone = victim, MobileMoneyReference = Guid.NewGuid().ToString("N"), EnergyWh = 1_000 }, attacker).ResponseAsync);
        Assert.Equal(submitsBefore, await Sandbox.CollectionSubmitCallsAsync("mtn"));

        // And with one: still only their own.
        await Api.LinkVerifiedPhoneAsync(attackerId, attacker, ApiClients.MtnPhone());
        submitsBefore = await Sandbox.CollectionSubmitCallsAsync("mtn");
        await AssertRefusedAsync("phoneNumber", () => Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = victim, PaymentMethod = "mobile_money", EnergyWh = 1_000 }, attacker).ResponseAsync);

        Assert.Equal(submitsBefore, await Sandbox.CollectionSubmitCallsAsync("mtn"));
        Assert.Equal(ledgerBefore, (await Sandbox.CollectionLedgerAsync("mtn")).For(victim));
        var untouched = await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId });
        Assert.Equal((5_000L, 0L), (untouched.RemainingWh, untouched.PendingWh));

        async Task AssertRefusedAsync(string field, Func<Task<Trade>> call)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal((StatusCode.FailedPrecondition, field), (error.StatusCode, error.Trailers.GetValue("field")));
            Assert.Contains("verif", error.Status.Detail);
        }
    }

    [Fact]
    public async Task A_trade_without_a_phone_pays_from_the_verified_one_on_both_routes_and_is_refused_without_one()
    {
        var market = new Market(Api);
        var (_, _, offer) = await market.SellerWithOfferAsync(10_000, 5_000, 1_000);
        var userId = ApiClients.NewUserId("buyer");
        var token = await Api.TokenAsync(userId);

        var none = await Assert.ThrowsAsync<RpcException>(async () => await Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 1_000 }, token));
        Assert.Equal((StatusCode.FailedPrecondition, "phoneNumber"), (none.StatusCode, none.Trailers.GetValue("field")));
        Assert.Contains("no verified phone", none.Status.Detail);
        var noneMm = await Assert.ThrowsAsync<RpcException>(async () => await Api.Trades.ExecuteMobileMoneyTradeAsync(
            new ExecuteMobileMoneyTradeRequest { OfferId = offer.OfferId, MobileMoneyReference = Guid.NewGuid().ToString("N"), EnergyWh = 1_000 }, token));
        Assert.Equal((StatusCode.FailedPrecondition, "buyerPhone"), (noneMm.StatusCode, noneMm.Trailers.GetValue("field")));

        var phone = ApiClients.ZamtelPhone();
        await Api.LinkVerifiedPhoneAsync(userId, token, phone);
        var viaExecute = await Api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 1_000 }, token);
        var viaMobileMoney = await Api.Trades.ExecuteMobileMoneyTradeAsync(
            new ExecuteMobileMoneyTradeRequest { OfferId = offer.OfferId, MobileMoneyReference = Guid.NewGuid().ToString("N"), EnergyWh = 2_000 }, token);
        foreach (var started in new[] { viaExecute, viaMobileMoney })
        {
            Assert.Equal((phone, "zamtel"), (started.PayerPhone, started.Network));
            Assert.Equal("completed", (await Api.WaitForFinalAsync(started.TradeId, token)).Status);
        }

        Assert.Equal((2, 3_000L), (await Sandbox.CollectionLedgerAsync("zamtel")).For(phone).Payments);
    }

    [Fact]
    public async Task A_pending_verification_is_listed_for_operators_and_can_be_cancelled_over_json()
    {
        var userId = ApiClients.NewUserId("user");
        var token = await Api.TokenAsync(userId);
        var bearer = (await Api.Auth.IssueDevTokenAsync(new IssueDevTokenRequest { UserId = userId })).AccessToken;
        var phone = ApiClients.MtnPhone("0021");   // the sandbox holds this number's verification until told
        var linking = await Api.Wallets.SetPhoneAsync(new SetPhoneRequest { UserId = userId, PhoneNumber = phone }, token);
        var id = linking.PhoneVerification.VerificationId;
        await Eventually.UntilAsync(
            async () => (await Sandbox.CollectionAsync("mtn", id)).GetProperty("transaction").ValueKind == JsonValueKind.Object,
            "the verification to reach the phone");

        var operatorToken = await Api.TokenAsync("ops-" + Guid.NewGuid().ToString("N")[..8], "operator");
        var overview = await Api.Operator.GetPaymentOverviewAsync(new GetPaymentOverviewRequest { MaxListed = 500 }, operatorToken);
        Assert.Contains(overview.Oldest, p => p.TradeId == id && p.Kind == "phone_verification" && p.SellerId == userId && p.Network == "mtn");
        Assert.True(overview.Providers.Single(p => p.Network == "mtn").UnresolvedVerifications >= 1);
        // Another number must wait for this one to end.
        var busy = await Assert.ThrowsAsync<RpcException>(async () => await Api.Wallets.SetPhoneAsync(
            new SetPhoneRequest { UserId = userId, PhoneNumber = ApiClients.MtnPhone() }, token));
        Assert.Equal((StatusCode.FailedPrecondition, "phoneNumber"), (busy.StatusCode, busy.Trailers.GetValue("field")));

        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/wallets/{userId}/phone/verification");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await fixture.Host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cancelled = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("", "cancelled"), (cancelled.GetProperty("phoneNumber").GetString(), cancelled.GetProperty("phoneVerification").GetProperty("status").GetString()));

        // Free to link another number now; the cancelled one never becomes the wallet's.
        var other = ApiClients.MtnPhone();
        var wallet = await Api.LinkVerifiedPhoneAsync(userId, token, other);
        Assert.Equal(other, wallet.PhoneNumber);
    }

    [Theory]
    [InlineData("mtn", "96")]
    [InlineData("airtel", "97")]     // validly signed: still only a hint
    [InlineData("zamtel", "95")]
    public async Task A_forged_success_callback_for_a_pending_verification_links_nothing(string provider, string prefix)
    {
        var userId = ApiClients.NewUserId("user");
        var token = await Api.TokenAsync(userId);
        var phone = ApiClients.Phone(prefix, "0021");
        var id = (await Api.Wallets.SetPhoneAsync(new SetPhoneRequest { UserId = userId, PhoneNumber = phone }, token)).PhoneVerification.VerificationId;
        await Eventually.UntilAsync(
            async () => (await Sandbox.CollectionAsync(provider, id)).GetProperty("transaction").ValueKind == JsonValueKind.Object,
            "the verification to reach the phone");

        using var forged = await ForgedSuccessAsync(fixture.Host.Http, provider, id);
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);

        // Answered only after the verification asked the provider, which still says pending.
        var wallet = await Api.WalletAsync(userId, token);
        Assert.Equal(("", "awaiting_approval", 0L), (wallet.PhoneNumber, wallet.PhoneVerification.Status, wallet.BalanceNgwee));
        using var approve = await Sandbox.ApproveAsync(provider, id);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        var verified = await Eventually.UntilAsync(() => Api.WalletAsync(userId, token), w => w.PhoneNumber != "", "the approved number to be linked");
        Assert.Equal((phone, ApiClients.VerificationNgwee), (verified.PhoneNumber, verified.BalanceNgwee));
    }

    /// <summary>What each provider's "it succeeded" looks like, for a reference it may know nothing about.</summary>
    internal static Task<HttpResponseMessage> ForgedSuccessAsync(HttpClient gateway, string provider, string reference)
    {
        var (method, path, body) = provider switch
        {
            "airtel" => (HttpMethod.Post, $"/api/callbacks/airtel/{reference}", AirtelBody(reference)),
            "zamtel" => (HttpMethod.Post, $"/api/callbacks/zamtel/{reference}",
                $$"""{"reference":"{{reference}}","status":"SUCCESSFUL","reason":null,"transactionId":"FORGED","amountNgwee":100}"""),
            _ => (HttpMethod.Put, $"/api/callbacks/mtn/{reference}",
                $$"""{"financialTransactionId":"FORGED","externalId":"x","amount":"1.00","currency":"ZMW","payer":{"partyIdType":"MSISDN","partyId":"260960000000"},"status":"SUCCESSFUL"}"""),
        };
        return gateway.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") });

        static string AirtelBody(string reference)
        {
            var transaction = $$"""{"id":"{{reference}}","message":"Transaction is successful","status_code":"TS","airtel_money_id":"FORGED"}""";
            return $$"""{"transaction":{{transaction}},"hash":"{{AirtelCallbackVerifier.ComputeHash(transaction, SandboxSetup.DevAirtelCallbackSecret)}}"}""";
        }
    }
}

/// <summary>A gateway that asks providers about open collections only every ten minutes, so only a callback can be quick.</summary>
public sealed class SlowPollingGatewayFixture : GatewayFixture
{
    protected override IReadOnlyDictionary<string, string?>? Overrides => new Dictionary<string, string?>
    {
        ["Trading:PaymentPollInterval"] = "00:10:00",
        ["Trading:MaxPaymentPollInterval"] = "00:10:00",
        ["Trading:ReconcileReminderPeriod"] = "00:10:00",
    };
}

/// <summary>
/// Verifications share the providers' callback URLs with trades (Airtel and Zamtel call one configured URL for
/// everything): a provider's callback must reach the verification its reference names, not a trade.
/// </summary>
public sealed class PhoneVerificationCallbackTests(SlowPollingGatewayFixture fixture) : IClassFixture<SlowPollingGatewayFixture>
{
    [Theory]
    [InlineData("mtn", "96")]
    [InlineData("airtel", "97")]
    [InlineData("zamtel", "95")]
    public async Task The_providers_callback_completes_the_verification_it_names(string provider, string prefix)
    {
        var api = fixture.Api;
        var userId = ApiClients.NewUserId("user");
        var token = await api.TokenAsync(userId);
        var phone = ApiClients.Phone(prefix, "0021");   // held until approved, then one callback
        var id = (await api.Wallets.SetPhoneAsync(new SetPhoneRequest { UserId = userId, PhoneNumber = phone }, token)).PhoneVerification.VerificationId;
        await Eventually.UntilAsync(
            async () => (await fixture.Sandbox.CollectionAsync(provider, id)).GetProperty("transaction").ValueKind == JsonValueKind.Object,
            "the verification to reach the phone");

        using var approve = await fixture.Sandbox.ApproveAsync(provider, id);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);

        // The next poll is ten minutes away: only the callback, routed to this verification, can link the number now.
        var verified = await Eventually.UntilAsync(() => api.WalletAsync(userId, token), w => w.PhoneNumber != "", "the callback to link the number");
        Assert.Equal((phone, "verified", ApiClients.VerificationNgwee), (verified.PhoneNumber, verified.PhoneVerification.Status, verified.BalanceNgwee));
        var tx = await Eventually.UntilAsync(
            async () => (await fixture.Sandbox.CollectionAsync(provider, id)).GetProperty("transaction"),
            t => t.GetProperty("callbacksDelivered").GetInt32() == 1,
            "the sandbox to record the callback as answered");
        Assert.Equal(1, tx.GetProperty("completions").GetInt32());
    }
}
