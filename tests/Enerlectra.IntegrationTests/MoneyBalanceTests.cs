using System.Net;
using System.Text.Json;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Grpc.Core;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Money balances end to end, over real gRPC and JSON on the real gateway against all three providers of its own
/// sandbox: deposits (approved, declined, lost and reconciled), withdrawals (paid, refused and returned), energy
/// transferred from the wallet into the market, a trade on the book between the deposited money and the transferred
/// energy, and the operators' ledger check afterwards. The sandbox's ledgers must equal what the server credited and paid.
/// </summary>
public sealed class MoneyBalanceTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string, string> Networks => new() { { "mtn", "96" }, { "airtel", "97" }, { "zamtel", "95" } };

    private const long Verification = ApiClients.VerificationNgwee;

    private ApiClients Api => fixture.Api;

    private SandboxControl Sandbox => fixture.Sandbox;

    [Theory]
    [MemberData(nameof(Networks))]
    public async Task Deposits_and_withdrawals_move_exactly_what_the_provider_collected_and_paid(string provider, string prefix)
    {
        var approving = await Api.BuyerAsync(ApiClients.Phone(prefix));            // approves payments and payouts
        var declining = await Api.BuyerAsync(ApiClients.Phone(prefix, "0001"));    // declines payments, refuses payouts
        var losing = await Api.BuyerAsync(ApiClients.Phone(prefix, "0003"));       // the first arrival of each request is lost

        var deposits = await Task.WhenAll(
            DepositAsync(approving, 5_000, "d-1"),
            DepositAsync(declining, 6_000, "d-1"),
            DepositAsync(losing, 7_000, "d-1"));
        Assert.All(deposits, d => Assert.Equal(("awaiting_approval", provider), (d.Status, d.Network)));
        var done = await Task.WhenAll(
            FinalAsync(deposits[0], approving.Token), FinalAsync(deposits[1], declining.Token), FinalAsync(deposits[2], losing.Token));

        Assert.Equal(("completed", ""), (done[0].Status, done[0].FailureReason));
        Assert.Equal("failed", done[1].Status);
        Assert.Contains("declined", done[1].FailureReason);
        Assert.Equal("completed", done[2].Status);
        Assert.True((await Sandbox.CollectionAsync(provider, done[2].DepositId)).GetProperty("requestAttempts").GetInt32() >= 2,
            "the first arrival was lost, so the deposit was resent under the same reference");
        // The server credited exactly what the provider collected; each number also paid its verification, once.
        var collected = await Sandbox.CollectionLedgerAsync(provider);
        Assert.Equal(((1, 5_000L), (1, Verification)), (collected.For(approving.Phone).Payments, collected.For(approving.Phone).Verifications));
        Assert.Equal((0, 0L), collected.For(declining.Phone).Payments);
        Assert.Equal((1, 7_000L), collected.For(losing.Phone).Payments);
        Assert.Equal(Verification + 5_000, (await Api.WalletAsync(approving.Id, approving.Token)).BalanceNgwee);
        Assert.Equal(Verification, (await Api.WalletAsync(declining.Id, declining.Token)).BalanceNgwee);
        Assert.Equal(Verification + 7_000, (await Api.WalletAsync(losing.Id, losing.Token)).BalanceNgwee);
        // Callbacks for deposits reach the gateway's callback routes like any other (and only wake the deposit up).
        var callbacks = await Eventually.UntilAsync(
            () => Sandbox.CallbacksAsync(provider, done[0].DepositId), c => c.Count > 0 && c.All(x => x.Status is not null), "the deposit's callback to be answered");
        Assert.All(callbacks, c => Assert.Equal(200, c.Status));

        // A withdrawal is paid once; a refused one is back in the balance with the reason.
        var paid = await WithdrawAsync(approving, 3_000, "w-1");
        var refused = await WithdrawAsync(declining, Verification, "w-1");
        Assert.Equal(("paid", ""), (paid.Status, paid.FailureReason));
        Assert.Equal("failed", refused.Status);
        Assert.NotEqual("", refused.FailureReason);
        var payouts = await Sandbox.PayoutLedgerAsync(provider);
        Assert.Equal((1, 3_000L), payouts.For(approving.Phone).Payments);
        Assert.Equal((0, 0L), payouts.For(declining.Phone).Payments);
        var afterPayout = await Api.WalletAsync(approving.Id, approving.Token);
        Assert.Equal((Verification + 2_000, 0L), (afterPayout.BalanceNgwee, afterPayout.WithdrawingNgwee));
        var afterRefusal = await Api.WalletAsync(declining.Id, declining.Token);
        Assert.Equal((Verification, 0L), (afterRefusal.BalanceNgwee, afterRefusal.WithdrawingNgwee));
    }

    [Fact]
    public async Task Deposited_money_buys_transferred_energy_on_the_book_and_the_books_balance()
    {
        // The seller's metered energy goes from the wallet into the market's trading account.
        var sellerId = ApiClients.NewUserId("seller");
        await Api.CreditGenerationAsync(sellerId, 10_000);
        var sellerToken = await Api.TokenAsync(sellerId);
        var sellerPhone = ApiClients.MtnPhone();
        await Api.LinkVerifiedPhoneAsync(sellerId, sellerToken, sellerPhone);
        var transfer = await Api.Wallets.TransferEnergyAsync(new TransferEnergyRequest { UserId = sellerId, EnergyWh = 6_000, IdempotencyKey = "t-1" }, sellerToken);
        Assert.Equal(("completed", 6_000L, "default"), (transfer.Status, transfer.EnergyWh, transfer.MarketId));
        var seller = await Api.WalletAsync(sellerId, sellerToken);
        // Still all available to sell (the view counts the trading account's part too), 6 kWh of it now in the market.
        Assert.Equal((10_000L, 6_000L, 0L, 6_000L), (seller.AvailableWh, seller.TransferredWh, seller.TransferringWh, seller.TradingEnergyWh));

        // The buyer's money comes in from their phone.
        var buyer = await Api.BuyerAsync(ApiClients.MtnPhone());
        var deposit = await FinalAsync(await DepositAsync(buyer, 10_000, "d-1"), buyer.Token);
        Assert.Equal("completed", deposit.Status);
        Assert.Equal(Verification + 10_000, (await Api.WalletAsync(buyer.Id, buyer.Token)).BalanceNgwee);

        // A sell order with the transferred energy, a buy order with the deposited money: they trade.
        var sell = await Api.Orders.PlaceOrderAsync(new PlaceOrderRequest { ClientOrderId = "s-1", Side = "sell", QuantityWh = 5_000, PriceNgweePerKwh = 1_200 }, sellerToken);
        Assert.Equal("open", sell.Order.Status);
        var resting = await Api.WalletAsync(sellerId, sellerToken);
        Assert.Equal((1_000L, 5_000L), (resting.TradingEnergyWh, resting.TradingReservedWh));
        var buy = await Api.Orders.PlaceOrderAsync(new PlaceOrderRequest { ClientOrderId = "b-1", Side = "buy", QuantityWh = 5_000, PriceNgweePerKwh = 1_200 }, buyer.Token);
        Assert.Equal(("filled", 5_000L), (buy.Order.Status, buy.Fills.Sum(f => f.QuantityWh)));
        var cost = buy.Fills.Sum(f => f.AmountNgwee);
        Assert.Equal(6_000, cost); // 5 kWh at ZMW 12.00
        var fee = (cost * 25 + 9_999) / 10_000; // the seller's fee, rounded up

        var buyerAfter = await Api.WalletAsync(buyer.Id, buyer.Token);
        Assert.Equal((Verification + 10_000 - cost, 0L, 5_000L), (buyerAfter.BalanceNgwee, buyerAfter.ReservedNgwee, buyerAfter.TradingEnergyWh));
        var sellerAfter = await Api.WalletAsync(sellerId, sellerToken);
        Assert.Equal((Verification + cost - fee, 1_000L, 0L), (sellerAfter.BalanceNgwee, sellerAfter.TradingEnergyWh, sellerAfter.TradingReservedWh));

        // The seller takes the proceeds to their phone.
        var withdrawal = await WithdrawAsync((sellerId, sellerToken, sellerPhone), cost - fee, "w-1");
        Assert.Equal("paid", withdrawal.Status);
        Assert.Equal((1, cost - fee), (await Sandbox.PayoutLedgerAsync("mtn")).For(sellerPhone).Payments);
        Assert.Equal((Verification, 0L), ((await Api.WalletAsync(sellerId, sellerToken)).BalanceNgwee, (await Api.WalletAsync(sellerId, sellerToken)).WithdrawingNgwee));
        Assert.Equal((1, 10_000L), (await Sandbox.CollectionLedgerAsync("mtn")).For(buyer.Phone).Payments);

        // The operators' ledger check: every asset sums to zero and the journal agrees with every balance.
        var operatorToken = await Api.TokenAsync(ApiClients.NewUserId("ops"), "operator");
        var check = await Eventually.UntilAsync(
            async () => await Api.Operator.GetLedgerAsync(new GetLedgerRequest(), operatorToken), c => c.Balanced, "the ledger check to pass");
        Assert.Equal(("default", check.Version, 0), (check.MarketId, check.Entries, check.Differences.Count));
        Assert.Equal(new[] { ("energy", 0L), ("money", 0L) }, check.Totals.Select(t => (t.Asset, t.Total)));
    }

    [Fact]
    public async Task The_money_routes_work_over_json_and_are_idempotent_by_key()
    {
        var json = new JsonCalls(fixture.Host.Http);
        var (userId, _, phone) = await Api.BuyerAsync(ApiClients.AirtelPhone());
        await Api.CreditGenerationAsync(userId, 3_000);
        var token = await json.TokenAsync(userId);

        var (status, body) = await json.SendAsync(HttpMethod.Post, $"/api/wallets/{userId}/deposits", token, """{"amountNgwee":2500,"idempotencyKey":"j-1"}""");
        Assert.True(status == HttpStatusCode.OK, body);
        var deposit = JsonSerializer.Deserialize<JsonElement>(body);
        var depositId = deposit.GetProperty("depositId").GetString()!;
        Assert.Equal(("awaiting_approval", phone, 2_500L), (deposit.GetProperty("status").GetString(), deposit.GetProperty("phoneNumber").GetString(), deposit.GetProperty("amountNgwee").GetInt64()));
        var again = await json.SendAsync(HttpMethod.Post, $"/api/wallets/{userId}/deposits", token, """{"amountNgwee":2500,"idempotencyKey":"j-1"}""");
        Assert.Equal(depositId, JsonSerializer.Deserialize<JsonElement>(again.Body).GetProperty("depositId").GetString());
        JsonCalls.AssertError(await json.SendAsync(HttpMethod.Post, $"/api/wallets/{userId}/deposits", token, """{"amountNgwee":2600,"idempotencyKey":"j-1"}"""),
            HttpStatusCode.Conflict, 6, "idempotency");
        JsonCalls.AssertError(await json.SendAsync(HttpMethod.Post, $"/api/wallets/{userId}/deposits", token, """{"amountNgwee":2600}"""),
            HttpStatusCode.BadRequest, 3, "idempotencyKey");
        JsonCalls.AssertError(await json.SendAsync(HttpMethod.Post, $"/api/wallets/{userId}/deposits", token, """{"amountNgwee":2600,"idempotencyKey":"j-2","method":"wallet"}"""),
            HttpStatusCode.BadRequest, 9, "not available yet");
        var completed = await Eventually.UntilAsync(
            async () => JsonSerializer.Deserialize<JsonElement>((await json.SendAsync(HttpMethod.Get, $"/api/wallets/{userId}/deposits/{depositId}", token)).Body),
            d => d.GetProperty("status").GetString() == "completed", "the deposit to complete");
        Assert.Equal("airtel", completed.GetProperty("network").GetString());

        // Nobody else sees it: under their own wallet it does not exist, and another's wallet is not theirs to ask.
        var otherId = ApiClients.NewUserId("other");
        var other = await json.TokenAsync(otherId);
        JsonCalls.AssertError(await json.SendAsync(HttpMethod.Get, $"/api/wallets/{otherId}/deposits/{depositId}", other), HttpStatusCode.NotFound, 5, "depositId");
        JsonCalls.AssertError(await json.SendAsync(HttpMethod.Get, $"/api/wallets/{userId}/deposits/{depositId}", other), HttpStatusCode.Forbidden, 7, "userId");

        var withdrawal = await json.SendAsync(HttpMethod.Post, $"/api/wallets/{userId}/withdrawals", token, """{"amountNgwee":1000,"idempotencyKey":"jw-1"}""");
        Assert.True(withdrawal.Status == HttpStatusCode.OK, withdrawal.Body);
        var withdrawalId = JsonSerializer.Deserialize<JsonElement>(withdrawal.Body).GetProperty("withdrawalId").GetString()!;
        await Eventually.UntilAsync(
            async () => JsonSerializer.Deserialize<JsonElement>((await json.SendAsync(HttpMethod.Get, $"/api/wallets/{userId}/withdrawals/{withdrawalId}", token)).Body),
            w => w.GetProperty("status").GetString() == "paid", "the withdrawal to be paid");
        JsonCalls.AssertError(await json.SendAsync(HttpMethod.Post, $"/api/wallets/{userId}/withdrawals", token, """{"amountNgwee":999999,"idempotencyKey":"jw-2"}"""),
            HttpStatusCode.BadRequest, 9, "Not enough money");

        var transfer = await json.SendAsync(HttpMethod.Post, $"/api/wallets/{userId}/transfers", token, """{"energyWh":2000,"idempotencyKey":"jt-1"}""");
        Assert.True(transfer.Status == HttpStatusCode.OK, transfer.Body);
        Assert.Equal("completed", JsonSerializer.Deserialize<JsonElement>(transfer.Body).GetProperty("status").GetString());
        JsonCalls.AssertError(await json.SendAsync(HttpMethod.Post, $"/api/wallets/{userId}/transfers", token, """{"energyWh":5000,"idempotencyKey":"jt-2"}"""),
            HttpStatusCode.BadRequest, 9, "Not enough energy");

        var (walletStatus, walletBody) = await json.SendAsync(HttpMethod.Get, $"/api/wallets/{userId}", token);
        Assert.Equal(HttpStatusCode.OK, walletStatus);
        var wallet = JsonSerializer.Deserialize<JsonElement>(walletBody);
        Assert.Equal((Verification + 2_500 - 1_000, 0L, 0L, 2_000L, 0L, 1_000L, 2_000L),
            (wallet.GetProperty("balanceNgwee").GetInt64(), wallet.GetProperty("reservedNgwee").GetInt64(), wallet.GetProperty("withdrawingNgwee").GetInt64(),
             wallet.GetProperty("tradingEnergyWh").GetInt64(), wallet.GetProperty("tradingReservedWh").GetInt64(),
             wallet.GetProperty("availableWh").GetInt64() - wallet.GetProperty("tradingEnergyWh").GetInt64(), wallet.GetProperty("transferredWh").GetInt64()));
        Assert.Equal((1, 2_500L), (await Sandbox.CollectionLedgerAsync("airtel")).For(phone).Payments);
        Assert.Equal((1, 1_000L), (await Sandbox.PayoutLedgerAsync("airtel")).For(phone).Payments);

        // The ledger route is for operators only, and for configured markets only.
        var operatorToken = await json.TokenAsync(ApiClients.NewUserId("ops"), "operator");
        var ledger = await json.SendAsync(HttpMethod.Get, "/api/operator/ledger?marketId=default", operatorToken);
        Assert.True(ledger.Status == HttpStatusCode.OK, ledger.Body);
        Assert.True(JsonSerializer.Deserialize<JsonElement>(ledger.Body).TryGetProperty("totals", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await json.SendAsync(HttpMethod.Get, "/api/operator/ledger", token)).Status);
        JsonCalls.AssertError(await json.SendAsync(HttpMethod.Get, "/api/operator/ledger?marketId=nowhere", operatorToken), HttpStatusCode.NotFound, 5, "marketId");
    }

    [Fact]
    public async Task Deposits_come_only_from_the_verified_phone()
    {
        var userId = ApiClients.NewUserId("user");
        var token = await Api.TokenAsync(userId);
        var none = await Assert.ThrowsAsync<RpcException>(async () =>
            await Api.Wallets.DepositAsync(new DepositRequest { UserId = userId, AmountNgwee = 1_000, IdempotencyKey = "d-1" }, token));
        Assert.Equal((StatusCode.FailedPrecondition, "phoneNumber"), (none.StatusCode, none.Trailers.GetValue("field")));

        var (buyerId, buyerToken, _) = await Api.BuyerAsync(ApiClients.MtnPhone());
        var victim = ApiClients.MtnPhone();
        var other = await Assert.ThrowsAsync<RpcException>(async () =>
            await Api.Wallets.DepositAsync(new DepositRequest { UserId = buyerId, AmountNgwee = 1_000, PhoneNumber = victim, IdempotencyKey = "d-1" }, buyerToken));
        Assert.Equal((StatusCode.FailedPrecondition, "phoneNumber"), (other.StatusCode, other.Trailers.GetValue("field")));
        Assert.Equal(0, (await Sandbox.CollectionLedgerAsync("mtn")).For(victim).Count);
        var asSomeoneElse = await Assert.ThrowsAsync<RpcException>(async () =>
            await Api.Wallets.DepositAsync(new DepositRequest { UserId = buyerId, AmountNgwee = 1_000, IdempotencyKey = "d-1" }, token));
        Assert.Equal(StatusCode.PermissionDenied, asSomeoneElse.StatusCode);
    }

    private Task<MoneyDeposit> DepositAsync((string Id, Metadata Token, string Phone) user, long amount, string key) =>
        Api.Wallets.DepositAsync(new DepositRequest { UserId = user.Id, AmountNgwee = amount, IdempotencyKey = key }, user.Token).ResponseAsync;

    private Task<MoneyDeposit> FinalAsync(MoneyDeposit deposit, Metadata token) =>
        Eventually.UntilAsync(
            async () => await Api.Wallets.GetDepositAsync(new GetDepositRequest { UserId = deposit.UserId, DepositId = deposit.DepositId }, token),
            d => d.Status is "completed" or "failed",
            $"deposit {deposit.DepositId} to finish");

    private async Task<MoneyWithdrawal> WithdrawAsync((string Id, Metadata Token, string Phone) user, long amount, string key)
    {
        var started = await Api.Wallets.WithdrawAsync(new WithdrawRequest { UserId = user.Id, AmountNgwee = amount, IdempotencyKey = key }, user.Token);
        Assert.Equal(("pending", user.Phone), (started.Status, started.PhoneNumber));
        return await Eventually.UntilAsync(
            async () => await Api.Wallets.GetWithdrawalAsync(new GetWithdrawalRequest { UserId = user.Id, WithdrawalId = started.WithdrawalId }, user.Token),
            w => w.Status != "pending",
            $"withdrawal {started.WithdrawalId} to finish");
    }
}
