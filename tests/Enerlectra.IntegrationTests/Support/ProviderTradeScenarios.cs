using System.Net;
using Enerlectra.Api.V1;

namespace Enerlectra.IntegrationTests.Support;

/// <summary>
/// Whole trades over the public gRPC API against one provider of the gateway's own sandbox, one payer scenario per
/// test. The same scenarios run for every provider that is not MTN (whose own are in GrpcTradeTests): a derived class
/// names the provider, so Airtel and Zamtel are held to exactly the same behaviour.
/// </summary>
public abstract class ProviderTradeScenarios(GatewayFixture fixture)
{

    /// <summary>"airtel" or "zamtel": the sandbox's provider name and the API's network name.</summary>
    protected abstract string Provider { get; }

    /// <summary>The two digits after 260 that put a number on this provider's network.</summary>
    protected abstract string Prefix { get; }

    private ApiClients Api => fixture.Api;

    private SandboxControl Sandbox => fixture.Sandbox;

    [Fact]
    public async Task Approved_trade_completes_and_pays_the_seller_net_of_the_fee()
    {
        var market = new Market(Api);
        var (sellerId, sellerToken, offer) = await market.SellerWithOfferAsync(generatedWh: 10_000, offerWh: 6_000, pricePerKwh: 2_000);
        var (buyerId, buyerToken, phone) = await Api.BuyerAsync(ApiClients.Phone(Prefix));

        var started = await Api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest
        {
            OfferId = offer.OfferId, BuyerId = buyerId, PhoneNumber = phone, PaymentMethod = "hybrid", EnergyWh = 4_000,
        }, buyerToken);
        Assert.Equal(("payment_pending", Provider), (started.Status, started.Network));

        var trade = await Api.WaitForFinalAsync(started.TradeId, buyerToken);
        Assert.Equal(("completed", "successful"), (trade.Status, trade.PaymentStatus));
        Assert.Equal(8_000, trade.AmountNgwee);                             // 4 kWh at 2,000 ngwee
        Assert.Equal(20, trade.FeeNgwee);                                    // 25 bps of 8,000: exactly 20 ngwee
        Assert.Equal(7_980, trade.SellerNetNgwee);
        Assert.False(string.IsNullOrEmpty(trade.ProviderTransactionId));

        var seller = await Api.WalletAsync(sellerId, sellerToken);
        Assert.Equal((7_980L, 4_000L, 2_000L), (seller.EarningsNgwee, seller.AvailableWh, seller.ReservedWh));
        var buyer = await Api.WalletAsync(buyerId, buyerToken);
        Assert.Equal((4_000L, 8_000L), (buyer.BoughtWh, buyer.SpentNgwee));
        var after = await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId });
        Assert.Equal((2_000L, 0L, 4_000L), (after.RemainingWh, after.PendingWh, after.SoldWh));

        // Charged once, by this provider, for exactly the trade's amount; and once before that, to verify the number.
        var ledger = await Sandbox.CollectionLedgerAsync(Provider);
        Assert.Equal((1, 8_000L), ledger.For(phone).Payments);
        Assert.Equal((1, ApiClients.VerificationNgwee), ledger.For(phone).Verifications);
        var tx = (await Sandbox.CollectionAsync(Provider, trade.TradeId)).GetProperty("transaction");
        Assert.Equal(("SUCCESSFUL", 1), (tx.GetProperty("status").GetString(), tx.GetProperty("completions").GetInt32()));
    }

    [Theory]
    [InlineData("0001", "declined")]                // APPROVAL_REJECTED
    [InlineData("0002", "in time")]                 // EXPIRED (Airtel: TE)
    [InlineData("0008", "balance")]                 // NOT_ENOUGH_FUNDS
    [InlineData("0009", "no mobile money account")] // PAYER_NOT_FOUND
    [InlineData("0010", "PIN")]                     // PIN_TIMEOUT
    public async Task Refused_payment_fails_the_trade_with_a_readable_reason_and_returns_the_energy(string ending, string reasonWords)
    {
        var market = new Market(Api);
        var (sellerId, sellerToken, offer) = await market.SellerWithOfferAsync(10_000, 5_000, 1_500);
        var (buyerId, buyerToken, phone) = await Api.BuyerAsync(ApiClients.Phone(Prefix, ending));

        var started = await Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = phone, PaymentMethod = "hybrid", EnergyWh = 3_000 }, buyerToken);
        var trade = await Api.WaitForFinalAsync(started.TradeId, buyerToken);
        Assert.Equal(("failed", "failed"), (trade.Status, trade.PaymentStatus));
        Assert.Contains(reasonWords, trade.FailureReason, StringComparison.OrdinalIgnoreCase);

        var back = await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId });
        Assert.Equal((5_000L, 0L, 0L, "open"), (back.RemainingWh, back.PendingWh, back.SoldWh, back.Status));
        var seller = await Api.WalletAsync(sellerId, sellerToken);
        Assert.Equal((0L, 5_000L), (seller.EarningsNgwee, seller.ReservedWh));
        var buyer = await Api.WalletAsync(buyerId, buyerToken);
        Assert.Equal((0L, 0L), (buyer.BoughtWh, buyer.SpentNgwee));
        Assert.Equal(0, await Sandbox.ChargesForAsync(Provider, phone));
    }

    [Fact]
    public async Task Payment_stuck_at_the_provider_stays_pending_until_the_payer_approves()
    {
        var market = new Market(Api);
        var (sellerId, sellerToken, offer) = await market.SellerWithOfferAsync(10_000, 5_000, 1_000);
        var (buyerId, buyerToken, phone) = await Api.BuyerAsync(ApiClients.Phone(Prefix, "0004"));

        var started = await Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = phone, PaymentMethod = "hybrid", EnergyWh = 2_000 }, buyerToken);

        // The provider holds it (Airtel: TA, ambiguous), which is never a failure: the trade waits, energy reserved.
        var waiting = await Eventually.UntilAsync(
            () => Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = started.TradeId }, buyerToken).ResponseAsync,
            t => t.PaymentStatus == "awaiting_approval",
            "the trade to be awaiting approval");
        Assert.Equal("payment_pending", waiting.Status);
        var pending = (await Sandbox.CollectionAsync(Provider, started.TradeId)).GetProperty("transaction");
        Assert.Equal("PENDING", pending.GetProperty("status").GetString());
        var reserved = await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId });
        Assert.Equal((3_000L, 2_000L), (reserved.RemainingWh, reserved.PendingWh));

        var approval = await Sandbox.ApproveAsync(Provider, started.TradeId);
        Assert.Equal(HttpStatusCode.OK, approval.StatusCode);

        var trade = await Api.WaitForFinalAsync(started.TradeId, buyerToken);
        Assert.Equal("completed", trade.Status);
        Assert.Equal(1, await Sandbox.ChargesForAsync(Provider, phone));
        Assert.Equal(trade.SellerNetNgwee, (await Api.WalletAsync(sellerId, sellerToken)).EarningsNgwee);
    }

    [Theory]
    [InlineData("0003")]    // the provider loses the first request: resubmitted with the same reference
    [InlineData("0005")]    // 503 twice before the request is accepted
    [InlineData("0006")]    // the callback arrives twice
    [InlineData("0007")]    // no callback at all: only polling can find the outcome
    [InlineData("0011")]    // the first answer comes after the client's timeout: it retries the same reference
    [InlineData("0012")]    // the final callback is followed by a stale "in progress" one
    public async Task Unreliable_provider_still_completes_the_trade_exactly_once(string ending)
    {
        var market = new Market(Api);
        var (sellerId, sellerToken, offer) = await market.SellerWithOfferAsync(10_000, 5_000, 1_200);
        // No phone_number: the trade pays from the wallet's verified phone, over its network.
        var (buyerId, buyerToken, phone) = await Api.BuyerAsync(ApiClients.Phone(Prefix, ending));

        var started = await Api.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, PaymentMethod = "hybrid" }, buyerToken);
        Assert.Equal((phone, Provider), (started.PayerPhone, started.Network));
        var trade = await Api.WaitForFinalAsync(started.TradeId, buyerToken);
        Assert.Equal("completed", trade.Status);
        Assert.Equal(6_000, trade.AmountNgwee);     // everything that remained: 5 kWh at 1,200

        var view = await Sandbox.CollectionAsync(Provider, trade.TradeId);
        var tx = view.GetProperty("transaction");
        switch (ending)
        {
            case "0005":
                // Two 503s and the accepted third arrival: the client retried, the provider charged once.
                Assert.True(view.GetProperty("requestAttempts").GetInt32() >= 3, view.ToString());
                break;
            case "0011":
            case "0003":
                Assert.True(view.GetProperty("requestAttempts").GetInt32() >= 2, view.ToString());
                break;
            case "0007":
                Assert.Equal(0, tx.GetProperty("callbacksPlanned").GetInt32());
                break;
            case "0006":
            case "0012":
                // Both callbacks reached us and neither settled again. Each was taken (2xx, so Airtel's were correctly
                // signed), except that Airtel's duplicate is the very same signed callback again, which is refused as
                // a replay (409): it cannot be told apart from a captured one.
                var answers = await Eventually.UntilAsync(
                    () => Sandbox.CallbacksAsync(Provider, trade.TradeId),
                    c => c.Count == 2,
                    "both callbacks to be answered");
                int?[] expected = ending == "0006" && Provider == "airtel" ? [200, 409] : [200, 200];
                Assert.Equal(expected, answers.Select(a => a.Status));
                var again = await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = trade.TradeId }, buyerToken);
                Assert.Equal(("completed", trade.UpdatedAt), (again.Status, again.UpdatedAt));
                break;
        }

        Assert.Equal(1, tx.GetProperty("completions").GetInt32());
        Assert.Equal(1, await Sandbox.ChargesForAsync(Provider, phone));
        var seller = await Api.WalletAsync(sellerId, sellerToken);
        Assert.Equal(trade.SellerNetNgwee, seller.EarningsNgwee);
        var buyer = await Api.WalletAsync(buyerId, buyerToken);
        Assert.Equal((5_000L, 6_000L), (buyer.BoughtWh, buyer.SpentNgwee));
        var sold = await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId });
        Assert.Equal(("filled", 5_000L), (sold.Status, sold.SoldWh));
    }
}
