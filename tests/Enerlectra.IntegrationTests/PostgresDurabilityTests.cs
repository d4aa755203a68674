using System.Text.Json;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Enerlectra.IntegrationTests;

/// <summary>With PostgreSQL, a gateway restart loses nothing, and a payment left open across it still settles once.</summary>
public sealed class PostgresDurabilityTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Wallets_offers_and_trades_survive_a_gateway_restart()
    {
        await using var sandbox = await OwnSandbox.StartAsync();
        var sellerId = ApiClients.NewUserId("seller");
        var buyerId = ApiClients.NewUserId("buyer");
        Trade completed;
        Offer offer;
        Google.Protobuf.Collections.RepeatedField<Offer> listedBefore;
        Grpc.Core.Metadata sellerToken, buyerToken;

        await using (var first = await GatewayHost.StartAsync(database.ConnectionString, sandbox.Settings))
        {
            var api = first.Api;
            await api.CreditGenerationAsync(sellerId, 9_000);
            sellerToken = await api.TokenAsync(sellerId);
            buyerToken = await api.TokenAsync(buyerId);
            await api.LinkVerifiedPhoneAsync(sellerId, sellerToken, "0961112233");
            offer = await api.CreateOfferAsync(sellerToken, 6_000, 1_100);
            var buyerPhone = ApiClients.MtnPhone();
            await api.LinkVerifiedPhoneAsync(buyerId, buyerToken, buyerPhone);
            var trade = await api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = buyerPhone, EnergyWh = 2_000 }, buyerToken);
            completed = await api.WaitForFinalAsync(trade.TradeId, buyerToken);
            Assert.Equal("completed", completed.Status);
            listedBefore = (await api.Offers.ListOffersAsync(new ListOffersRequest { PageSize = 100 })).Offers;
        }

        // A new process on the same database: nothing of the first one's memory survives, only PostgreSQL.
        await using var second = await GatewayHost.StartAsync(database.ConnectionString, sandbox.Settings);
        var api2 = second.Api;
        var seller = await api2.WalletAsync(sellerId, sellerToken);   // tokens from before: same signing key
        Assert.Equal((9_000L, 3_000L, 4_000L, completed.SellerNetNgwee, "+260961112233", ApiClients.VerificationNgwee),
            (seller.GeneratedWh, seller.AvailableWh, seller.ReservedWh, seller.EarningsNgwee, seller.PhoneNumber, seller.BalanceNgwee));
        Assert.Equal("verified", seller.PhoneVerification.Status);
        var buyer = await api2.WalletAsync(buyerId, buyerToken);
        Assert.Equal((2_000L, completed.AmountNgwee), (buyer.BoughtWh, buyer.SpentNgwee));
        var offerAfter = await api2.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId });
        Assert.Equal(("partially_filled", 4_000L, 2_000L), (offerAfter.Status, offerAfter.RemainingWh, offerAfter.SoldWh));
        var tradeAfter = await api2.Trades.GetTradeAsync(new GetTradeRequest { TradeId = completed.TradeId }, buyerToken);
        Assert.Equal(completed, tradeAfter);
        // The market's open-offer index is rebuilt from storage too.
        var listedAfter = (await api2.Offers.ListOffersAsync(new ListOffersRequest { PageSize = 100 })).Offers;
        Assert.Contains(listedAfter, o => o.OfferId == offer.OfferId);
        Assert.Equal(listedBefore.Select(o => o.OfferId).Order(), listedAfter.Select(o => o.OfferId).Order());
    }

    [Fact]
    public async Task Money_balances_survive_a_restart_and_the_ledger_check_tool_reads_the_same_books()
    {
        await using var sandbox = await OwnSandbox.StartAsync();
        var sellerId = ApiClients.NewUserId("seller");
        var buyerId = ApiClients.NewUserId("buyer");
        Grpc.Core.Metadata sellerToken, buyerToken;
        Wallet sellerBefore, buyerBefore;

        await using (var first = await GatewayHost.StartAsync(database.ConnectionString, sandbox.Settings))
        {
            var api = first.Api;
            await api.CreditGenerationAsync(sellerId, 4_000);
            sellerToken = await api.TokenAsync(sellerId);
            buyerToken = await api.TokenAsync(buyerId);
            await api.LinkVerifiedPhoneAsync(buyerId, buyerToken, ApiClients.MtnPhone());
            var deposit = await api.Wallets.DepositAsync(new DepositRequest { UserId = buyerId, AmountNgwee = 5_000, IdempotencyKey = "d-1" }, buyerToken);
            await Eventually.UntilAsync(
                async () => await api.Wallets.GetDepositAsync(new GetDepositRequest { UserId = buyerId, DepositId = deposit.DepositId }, buyerToken),
                d => d.Status == "completed", "the deposit to complete");
            await api.Wallets.TransferEnergyAsync(new TransferEnergyRequest { UserId = sellerId, EnergyWh = 3_000, IdempotencyKey = "t-1" }, sellerToken);
            // Below the other tests' offers (1,000 ngwee/kWh and up, resting in the same book) and within the price band around their trades.
            await api.Orders.PlaceOrderAsync(new PlaceOrderRequest { ClientOrderId = "s-1", Side = "sell", QuantityWh = 3_000, PriceNgweePerKwh = 900 }, sellerToken);
            var buy = await api.Orders.PlaceOrderAsync(new PlaceOrderRequest { ClientOrderId = "b-1", Side = "buy", QuantityWh = 2_000, PriceNgweePerKwh = 900 }, buyerToken);
            Assert.Equal(2_000, buy.Fills.Sum(f => f.QuantityWh));
            sellerBefore = await api.WalletAsync(sellerId, sellerToken);
            buyerBefore = await api.WalletAsync(buyerId, buyerToken);
        }

        // A new process: the market's balances come back from its journal in PostgreSQL.
        await using var second = await GatewayHost.StartAsync(database.ConnectionString, sandbox.Settings);
        var buyer = await second.Api.WalletAsync(buyerId, buyerToken);
        Assert.Equal(buyerBefore, buyer);
        Assert.Equal((ApiClients.VerificationNgwee + 5_000 - 1_800, 2_000L), (buyer.BalanceNgwee, buyer.TradingEnergyWh));
        var seller = await second.Api.WalletAsync(sellerId, sellerToken);
        Assert.Equal(sellerBefore, seller);
        Assert.Equal((1_000L, 3_000L, 0L, 1_000L), (seller.AvailableWh, seller.TransferredWh, seller.TradingEnergyWh, seller.TradingReservedWh));

        // The operators' command reads the same journal straight from the database, without the server.
        var serviceId = second.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orleans.Configuration.ClusterOptions>>().Value.ServiceId;
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await Enerlectra.Tools.ToolCommands.RunAsync(
            ["ledger-check", "--postgres", database.ConnectionString, "--service-id", serviceId, "--market", "default"], output, errors);
        Assert.True(exit == 0, output.ToString() + errors);
        Assert.Contains("BALANCED", output.ToString());
        Assert.Matches($@"user:{buyerId}:available\s+money\s+{buyer.BalanceNgwee:N0} ngwee", output.ToString());
        Assert.Matches($@"user:{sellerId}:reserved\s+energy\s+1,000 Wh", output.ToString());
    }

    [Fact]
    public async Task A_payment_pending_across_a_restart_completes_exactly_once_after_approval()
    {
        await using var sandbox = await OwnSandbox.StartAsync();
        var sellerId = ApiClients.NewUserId("seller");
        var buyerId = ApiClients.NewUserId("buyer");
        var phone = ApiClients.MtnPhone("0004");   // stays PENDING until approved through the control API
        Trade started;
        Grpc.Core.Metadata sellerToken, buyerToken;

        await using (var first = await GatewayHost.StartAsync(database.ConnectionString, sandbox.Settings))
        {
            var api = first.Api;
            await api.CreditGenerationAsync(sellerId, 5_000);
            sellerToken = await api.TokenAsync(sellerId);
            buyerToken = await api.TokenAsync(buyerId);
            await api.LinkVerifiedPhoneAsync(buyerId, buyerToken, phone);
            var offer = await api.CreateOfferAsync(sellerToken, 5_000, 1_000);
            started = await api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = phone, EnergyWh = 3_000 }, buyerToken);
            await Eventually.UntilAsync(
                async () => await sandbox.Control.TransactionAsync(started.TradeId),
                tx => tx.GetProperty("transaction").ValueKind == JsonValueKind.Object && tx.GetProperty("transaction").GetProperty("status").GetString() == "PENDING",
                "the request-to-pay to reach the provider");
            var pending = await api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = started.TradeId }, buyerToken);
            Assert.Equal("payment_pending", pending.Status);
            var operatorView = await api.Operator.GetPaymentOverviewAsync(
                new GetPaymentOverviewRequest { MaxListed = 500 }, await api.TokenAsync(ApiClients.NewUserId("ops"), "operator"));
            Assert.Contains(operatorView.Oldest, p => p.TradeId == started.TradeId && p.Network == "mtn");
        }

        await using var second = await GatewayHost.StartAsync(database.ConnectionString, sandbox.Settings);
        var approve = await sandbox.Control.ApproveAsync(started.TradeId);
        Assert.True(approve.IsSuccessStatusCode, $"approve returned {(int)approve.StatusCode}");

        // Watch the seller's wallet, not the trade: reading the trade would activate it, and this must also work when
        // nobody asks (the reconciler's durable reminder wakes the trade up). The old callback URL is dead, so no callback helps.
        var seller = await Eventually.UntilAsync(
            () => second.Api.WalletAsync(sellerId, sellerToken),
            w => w.EarningsNgwee > 0,
            "the seller to be paid after the restart");
        // The seller is credited before the buyer and the fee, so the trade may still be settling for a moment.
        var trade = await Eventually.UntilAsync(
            async () => await second.Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = started.TradeId }, buyerToken),
            t => t.Status != "settling", "the trade to finish settling");
        Assert.Equal("completed", trade.Status);
        Assert.Equal(trade.SellerNetNgwee, seller.EarningsNgwee);
        Assert.Equal(3_000, (await second.Api.WalletAsync(buyerId, buyerToken)).BoughtWh);
        Assert.Equal(1, await sandbox.Control.ChargesForAsync(phone));

        // Once final it leaves the reconciler's list; later sweeps or activations must not settle it a second time.
        var operatorToken = await second.Api.TokenAsync(ApiClients.NewUserId("ops"), "operator");
        await Eventually.UntilAsync(
            async () => (await second.Api.Operator.GetPaymentOverviewAsync(new GetPaymentOverviewRequest { MaxListed = 500 }, operatorToken))
                .Oldest.All(p => p.TradeId != started.TradeId),
            "the trade to leave the list of unresolved payments once final");
        var again = await second.Api.WalletAsync(sellerId, sellerToken);
        Assert.Equal(seller.EarningsNgwee, again.EarningsNgwee);
    }

    [Fact]
    public async Task A_payout_in_flight_across_a_restart_is_paid_exactly_once()
    {
        await using var sandbox = await OwnSandbox.StartAsync();
        var defaults = new Enerlectra.Sandbox.SandboxOptions();
        var payouts = new Dictionary<string, string?>
        {
            ["Payouts:Enabled"] = "true",
            ["MobileMoney:Mtn:DisbursementApiUser"] = defaults.DisbursementApiUser,
            ["MobileMoney:Mtn:DisbursementApiKey"] = defaults.DisbursementApiKey,
            ["MobileMoney:Mtn:DisbursementSubscriptionKey"] = defaults.DisbursementSubscriptionKey,
        };
        var sellerId = ApiClients.NewUserId("seller");
        var sellerPhone = ApiClients.MtnPhone("0004"); // the provider holds the payout until told
        Grpc.Core.Metadata sellerToken;
        Trade trade;

        await using (var first = await GatewayHost.StartAsync(database.ConnectionString, sandbox.Settings, payouts))
        {
            var api = first.Api;
            await api.CreditGenerationAsync(sellerId, 5_000);
            sellerToken = await api.TokenAsync(sellerId);
            await api.LinkVerifiedPhoneAsync(sellerId, sellerToken, sellerPhone);
            var offer = await api.CreateOfferAsync(sellerToken, 5_000, 1_000);
            var (_, buyerToken, buyerPhone) = await api.BuyerAsync(ApiClients.MtnPhone());
            var started = await api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = buyerPhone, EnergyWh = 3_000 }, buyerToken);
            trade = await api.WaitForFinalAsync(started.TradeId, buyerToken);
            Assert.Equal("completed", trade.Status);
            var pending = await Eventually.UntilAsync(() => api.WalletAsync(sellerId, sellerToken), w => w.PayoutPendingNgwee > 0, "the payout to be sent");
            Assert.Equal((0L, trade.SellerNetNgwee), (pending.EarningsNgwee, pending.PayoutPendingNgwee));
        }

        await using var second = await GatewayHost.StartAsync(database.ConnectionString, sandbox.Settings, payouts);
        // The seller's first payout, with the id the wallet derives for it (keyed, so asked of the server's own service).
        var payoutId = second.Services.GetRequiredService<Enerlectra.Abstractions.Identity.KeyedIds>().PayoutId(sellerId, 1);

        // Nobody touches the wallet or the payout (reading the wallet would wake it up): only the reconciler's
        // reminder can find the payout and finish it, which the operator view shows without waking anything. Listed
        // before the provider is told to pay: once it has, the reminder may finish it at any moment.
        var operatorToken = await second.Api.TokenAsync(ApiClients.NewUserId("ops"), "operator");
        var before = await second.Api.Operator.GetPaymentOverviewAsync(new GetPaymentOverviewRequest { MaxListed = 500 }, operatorToken);
        Assert.Contains(before.Oldest, p => p.TradeId == payoutId.ToString() && p.Kind == "payout" && p.SellerId == sellerId);
        var approve = await sandbox.Control.ApprovePayoutAsync("mtn", payoutId.ToString());
        Assert.True(approve.IsSuccessStatusCode, $"approve returned {(int)approve.StatusCode}");
        await Eventually.UntilAsync(
            async () => (await second.Api.Operator.GetPaymentOverviewAsync(new GetPaymentOverviewRequest { MaxListed = 500 }, operatorToken))
                .Oldest.All(p => p.TradeId != payoutId.ToString()),
            "the reconciler to finish the payout");
        Assert.Equal((1, trade.SellerNetNgwee), (await sandbox.Control.PayoutLedgerAsync("mtn")).For(sellerPhone).Payments);
        var wallet = await Eventually.UntilAsync(() => second.Api.WalletAsync(sellerId, sellerToken), w => w.PaidOutNgwee > 0, "the wallet to record the payout");
        Assert.Equal((0L, 0L, trade.SellerNetNgwee), (wallet.EarningsNgwee, wallet.PayoutPendingNgwee, wallet.PaidOutNgwee));
        Assert.Equal(trade.AmountNgwee, wallet.PaidOutNgwee + trade.FeeNgwee);
    }

    [Fact]
    public async Task A_phone_verification_pending_across_a_restart_links_the_number_and_credits_it_exactly_once()
    {
        await using var sandbox = await OwnSandbox.StartAsync();
        var userId = ApiClients.NewUserId("user");
        var phone = ApiClients.MtnPhone("0021");   // the sandbox holds this number's verification until told
        Grpc.Core.Metadata token;
        string verificationId;

        await using (var first = await GatewayHost.StartAsync(database.ConnectionString, sandbox.Settings))
        {
            token = await first.Api.TokenAsync(userId);
            var linking = await first.Api.Wallets.SetPhoneAsync(new SetPhoneRequest { UserId = userId, PhoneNumber = phone }, token);
            verificationId = linking.PhoneVerification.VerificationId;
            await Eventually.UntilAsync(
                async () => await sandbox.Control.CollectionAsync("mtn", verificationId),
                v => v.GetProperty("transaction").ValueKind == JsonValueKind.Object,
                "the verification to reach the phone");
        }

        await using var second = await GatewayHost.StartAsync(database.ConnectionString, sandbox.Settings);

        // Nobody touches the wallet (reading it would wake it up, and it would restart the verification itself): only
        // the reconciler's durable reminder can find the verification and finish it, as the operator view shows.
        // Listed before the phone approves: once it has, the reminder may finish it at any moment.
        var operatorToken = await second.Api.TokenAsync(ApiClients.NewUserId("ops"), "operator");
        var before = await second.Api.Operator.GetPaymentOverviewAsync(new GetPaymentOverviewRequest { MaxListed = 500 }, operatorToken);
        Assert.Contains(before.Oldest, p => p.TradeId == verificationId && p.Kind == "phone_verification" && p.SellerId == userId);
        var approve = await sandbox.Control.ApproveAsync("mtn", verificationId);
        Assert.True(approve.IsSuccessStatusCode, $"approve returned {(int)approve.StatusCode}");
        await Eventually.UntilAsync(
            async () => (await second.Api.Operator.GetPaymentOverviewAsync(new GetPaymentOverviewRequest { MaxListed = 500 }, operatorToken))
                .Oldest.All(p => p.TradeId != verificationId),
            "the reconciler to finish the verification");

        var wallet = await second.Api.WalletAsync(userId, token);
        Assert.Equal((phone, "verified", ApiClients.VerificationNgwee), (wallet.PhoneNumber, wallet.PhoneVerification.Status, wallet.BalanceNgwee));
        var collection = (await sandbox.Control.CollectionAsync("mtn", verificationId)).GetProperty("transaction");
        Assert.Equal((1, true), (collection.GetProperty("completions").GetInt32(), collection.GetProperty("phoneVerification").GetBoolean()));
        Assert.Equal((1, ApiClients.VerificationNgwee), (await sandbox.Control.CollectionLedgerAsync("mtn")).For(phone).Verifications);
    }
}
