using Enerlectra.Api.V1;
using Enerlectra.Chain;
using Enerlectra.ChainIntegration.Tests.Support;
using Enerlectra.Testing;
using Grpc.Core;
using Nethereum.Signer;

namespace Enerlectra.ChainIntegration.Tests;

/// <summary>
/// The hybrid rail's fallback: a wallet payment that definitely did not happen (refused, or never sent) may be
/// paid by mobile money instead, exactly once; one that may have happened is reconciled, never paid twice; and the
/// explicit wallet route never falls back.
/// </summary>
public sealed class FallbackTests(DeployedChain chain) : ChainTestBase(chain)
{
    private const long OfferWh = 5_000;
    private const long PricePerKwh = 2_500;
    private const long BuyWh = 2_000;
    private const long Amount = 5_000; // 2 kWh at 2,500 ngwee

    private static readonly string BuyerAddress = new EthECKey(TestChain.UserKey).GetPublicAddress();


    [Fact]
    public async Task A_wallet_payment_refused_by_the_contract_falls_back_to_exactly_one_mobile_money_charge()
    {
        await HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 1_000_000, 1_000_000);
        await using var world = await HybridWorld.StartAsync(Chain);
        var (buyer, phone, offer) = await BuyerAndOfferAsync(world);
        await PauseAsync(world);
        var buyerMoneyBefore = await world.TokenBalanceAsync(world.PaymentToken, BuyerAddress);
        var buyerEnergyBefore = await world.TokenBalanceAsync(world.EnergyToken, BuyerAddress);

        var started = await world.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = BuyWh, PhoneNumber = phone }, await world.AuthAsync(buyer));

        Assert.Equal("mobile_money", started.PaymentMethod);
        Assert.Contains("paused", started.FallbackReason);
        Assert.Equal(Amount, started.AmountNgwee);
        var trade = await world.WaitForTradeAsync(buyer, started.TradeId, t => t.Status is "completed" or "failed", "the fallen-back trade to finish");
        Assert.Equal("completed", trade.Status);
        Assert.Equal("mobile_money", trade.PaymentMethod);
        Assert.NotEmpty(trade.FallbackReason);
        Assert.Equal("", trade.TransactionHash);
        Assert.Equal((1, Amount), await world.MtnCollectedAsync(phone));
        Assert.Equal(buyerMoneyBefore, await world.TokenBalanceAsync(world.PaymentToken, BuyerAddress));
        Assert.Equal(buyerEnergyBefore, await world.TokenBalanceAsync(world.EnergyToken, BuyerAddress));
        var after = await world.WaitForOfferAsync(offer.OfferId, o => o.SoldWh == BuyWh, "the sale on the offer");
        Assert.Equal(OfferWh - BuyWh, after.RemainingWh);
        Assert.Equal(0, after.PendingWh);
        Assert.Equal(Amount, (await world.WalletAsync(buyer)).SpentNgwee);

        // Later polls never charge again.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal((1, Amount), await world.MtnCollectedAsync(phone));
    }

    [Fact]
    public async Task The_explicit_wallet_route_fails_on_a_refusal_and_releases_the_energy_without_charging_the_phone()
    {
        await HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 1_000_000, 1_000_000);
        await using var world = await HybridWorld.StartAsync(Chain);
        var (buyer, phone, offer) = await BuyerAndOfferAsync(world);
        await PauseAsync(world);
        var buyerMoneyBefore = await world.TokenBalanceAsync(world.PaymentToken, BuyerAddress);

        // A phone is given, so falling back would be possible: the route must still not do it.
        var trade = await world.Trades.ExecuteBlockchainTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = BuyWh, PhoneNumber = phone }, await world.AuthAsync(buyer));

        Assert.Equal("failed", trade.Status);
        Assert.Equal("blockchain", trade.PaymentMethod);
        Assert.Equal("", trade.FallbackReason);
        Assert.Contains("paused", trade.FailureReason);
        var stored = await world.WaitForTradeAsync(buyer, trade.TradeId, _ => true, "the trade");
        Assert.Equal("failed", stored.Status);
        Assert.Equal((0, 0L), await world.MtnCollectedAsync(phone));
        Assert.Equal(buyerMoneyBefore, await world.TokenBalanceAsync(world.PaymentToken, BuyerAddress));
        var released = await world.WaitForOfferAsync(offer.OfferId, o => o.PendingWh == 0 && o.RemainingWh == OfferWh, "the reservation to be released");
        Assert.Equal(0, released.SoldWh);
        var wallet = await world.WalletAsync(buyer);
        Assert.Equal(0, wallet.SpentNgwee);
        Assert.Equal(0, wallet.BoughtWh);

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal((0, 0L), await world.MtnCollectedAsync(phone));
        Assert.Equal("failed", (await world.WaitForTradeAsync(buyer, trade.TradeId, _ => true, "the trade")).Status);
    }

    [Fact]
    public async Task The_node_unreachable_before_the_payment_is_sent_falls_back_to_one_mobile_money_charge()
    {
        await HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 1_000_000, 1_000_000);
        await using var proxy = await RpcProxy.StartAsync(TestChain.RpcUrl);
        await using var world = await HybridWorld.StartAsync(Chain, new Dictionary<string, string?> { [ChainOptions.RpcUrlKey] = proxy.Url });
        var (buyer, phone, offer) = await BuyerAndOfferAsync(world);
        var buyerMoneyBefore = await world.TokenBalanceAsync(world.PaymentToken, BuyerAddress);
        var buyerEnergyBefore = await world.TokenBalanceAsync(world.EnergyToken, BuyerAddress);
        // Reads (the wallet checks that pick the method) still work; the transaction cannot even be priced, so it is never sent.
        proxy.FailMethod = "eth_estimateGas";

        var started = await world.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = BuyWh, PhoneNumber = phone }, await world.AuthAsync(buyer));

        Assert.Equal("mobile_money", started.PaymentMethod);
        Assert.Contains("could not be reached", started.FallbackReason);
        var trade = await world.WaitForTradeAsync(buyer, started.TradeId, t => t.Status is "completed" or "failed", "the fallen-back trade to finish");
        Assert.Equal("completed", trade.Status);
        Assert.Equal("mobile_money", trade.PaymentMethod);
        Assert.Equal("", trade.TransactionHash);
        Assert.Equal((1, Amount), await world.MtnCollectedAsync(phone));
        Assert.Equal(buyerMoneyBefore, await world.TokenBalanceAsync(world.PaymentToken, BuyerAddress));
        Assert.Equal(buyerEnergyBefore, await world.TokenBalanceAsync(world.EnergyToken, BuyerAddress));
        using (var client = Chain.Client())
        {
            Assert.False(await client.QueryValueAsync<Enerlectra.Chain.Contracts.IsTradeRecordedFunction, bool>(
                world.Trading, new() { TradeRef = ChainIds.ToBytes32(Guid.Parse(trade.TradeId)) }));
        }

        var after = await world.WaitForOfferAsync(offer.OfferId, o => o.SoldWh == BuyWh, "the sale on the offer");
        Assert.Equal(OfferWh - BuyWh, after.RemainingWh);
        Assert.Equal(0, after.PendingWh);
    }

    [Fact]
    public async Task The_node_gone_after_the_payment_was_sent_never_falls_back_and_the_trade_completes_on_chain_once_reconciled()
    {
        await HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 1_000_000, 1_000_000);
        await using var proxy = await RpcProxy.StartAsync(TestChain.RpcUrl);
        await using var world = await HybridWorld.StartAsync(Chain, new Dictionary<string, string?> { [ChainOptions.RpcUrlKey] = proxy.Url });
        var (buyer, phone, offer) = await BuyerAndOfferAsync(world);
        var buyerMoneyBefore = await world.TokenBalanceAsync(world.PaymentToken, BuyerAddress);
        var buyerEnergyBefore = await world.TokenBalanceAsync(world.EnergyToken, BuyerAddress);
        proxy.SendFilter = HybridWorld.ExecuteTradeForSelector;
        proxy.GoAwayAfterSend = true;

        var started = await world.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = BuyWh, PhoneNumber = phone }, await world.AuthAsync(buyer));

        Assert.Equal("payment_pending", started.Status);
        Assert.Equal("blockchain", started.PaymentMethod);
        Assert.StartsWith("0x", started.TransactionHash);
        Assert.Equal("", started.FallbackReason);

        // The node took the payment (Hardhat mined it) but the server cannot know: it waits, and charges nobody.
        for (var i = 0; i < 8; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var pending = await world.WaitForTradeAsync(buyer, started.TradeId, _ => true, "the trade");
            Assert.Equal("payment_pending", pending.Status);
            Assert.Equal("blockchain", pending.PaymentMethod);
            Assert.Equal((0, 0L), await world.MtnCollectedAsync(phone));
        }

        Assert.Equal(buyerMoneyBefore - Amount, await world.TokenBalanceAsync(world.PaymentToken, BuyerAddress));
        // Operators see it as an unresolved wallet payment with an unknown outcome, not under a mobile money provider.
        var operatorView = new OperatorService.OperatorServiceClient(world.Gateway.Channel);
        var ops = await world.AuthAsync("ops", "operator");
        var overview = await operatorView.GetPaymentOverviewAsync(new GetPaymentOverviewRequest(), ops);
        var walletLine = overview.Providers.Single(p => p.Network == "wallet");
        Assert.Equal((1, 1), (walletLine.Unresolved, walletLine.UnknownOutcome));
        Assert.Equal(0, overview.Providers.Where(p => p.Network != "wallet").Sum(p => p.Unresolved));
        Assert.Equal("wallet_payment", overview.Oldest.Single(p => p.TradeId == started.TradeId).Kind);

        proxy.Heal();
        var trade = await world.WaitForTradeAsync(buyer, started.TradeId, t => t.Status is "completed" or "failed", "the reconciled trade to finish");

        Assert.Equal("completed", trade.Status);
        Assert.Equal("blockchain", trade.PaymentMethod);
        Assert.Equal(started.TransactionHash, trade.TransactionHash);
        Assert.Equal("", trade.FallbackReason);
        Assert.Equal(Amount, trade.AmountNgwee);
        Assert.Equal(buyerMoneyBefore - Amount, await world.TokenBalanceAsync(world.PaymentToken, BuyerAddress));
        Assert.Equal(buyerEnergyBefore + BuyWh, await world.TokenBalanceAsync(world.EnergyToken, BuyerAddress));
        Assert.Equal((0, 0L), await world.MtnCollectedAsync(phone));
        var receipt = await TestChain.Web3().Eth.Transactions.GetTransactionReceipt.SendRequestAsync(trade.TransactionHash);
        Assert.Equal(1, (int)receipt.Status.Value);
        var after = await world.WaitForOfferAsync(offer.OfferId, o => o.SoldWh == BuyWh, "the sale on the offer");
        Assert.Equal(OfferWh - BuyWh, after.RemainingWh);
        Assert.Equal(0, after.PendingWh);
        var wallet = await world.WalletAsync(buyer);
        Assert.Equal(Amount, wallet.SpentNgwee);
        Assert.Equal(BuyWh, wallet.BoughtWh);
        var resolved = await Eventually.UntilAsync(
            async () => (await operatorView.GetPaymentOverviewAsync(new GetPaymentOverviewRequest(), ops)).Providers.Single(p => p.Network == "wallet"),
            w => w.Unresolved == 0, "the wallet payment to leave the operator's unresolved list");
        Assert.Equal((1L, 0L), (resolved.CompletedPayments, resolved.FailedPayments));
    }

    [Fact]
    public async Task The_wallet_route_refuses_a_mobile_money_method_naming_paymentMethod()
    {
        var gateway = await Chain.GatewayAsync();
        var trades = new TradeService.TradeServiceClient(gateway.Channel);
        var buyer = HybridWorld.NewUser("buyer");

        var error = await Assert.ThrowsAsync<RpcException>(async () => await trades.ExecuteBlockchainTradeAsync(
            new ExecuteTradeRequest { OfferId = Guid.NewGuid().ToString(), PaymentMethod = "mobile_money" }, await gateway.AuthAsync(buyer)));

        AssertInvalid(error, "paymentMethod");
    }

    [Fact]
    public async Task The_wallet_route_refuses_an_offer_id_that_is_not_a_guid_naming_offerId()
    {
        var gateway = await Chain.GatewayAsync();
        var trades = new TradeService.TradeServiceClient(gateway.Channel);
        var buyer = HybridWorld.NewUser("buyer");

        var error = await Assert.ThrowsAsync<RpcException>(async () => await trades.ExecuteBlockchainTradeAsync(
            new ExecuteTradeRequest { OfferId = "not-a-guid" }, await gateway.AuthAsync(buyer)));

        AssertInvalid(error, "offerId");
    }

    private static void AssertInvalid(RpcException error, string field)
    {
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, error.Trailers.GetValue("field"));
        Assert.Contains(field, error.Status.Detail);
    }

    [Fact]
    public async Task A_wallet_payment_falls_back_to_mobile_money_only_from_the_buyers_verified_phone()
    {
        await HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 1_000_000, 1_000_000);
        await using var world = await HybridWorld.StartAsync(Chain);
        var seller = HybridWorld.NewUser("seller");
        var buyer = HybridWorld.NewUser("buyer");
        await world.ConnectWalletAsync(buyer, TestChain.UserKey);
        var offer = await world.OfferAsync(seller, OfferWh, PricePerKwh);
        var someoneElses = HybridWorld.NewMtnPhone();
        await world.LinkVerifiedPhoneAsync(HybridWorld.NewUser("owner"), someoneElses);
        await PauseAsync(world);
        var buyerMoneyBefore = await world.TokenBalanceAsync(world.PaymentToken, BuyerAddress);

        // A number that is not the buyer's verified phone cannot even be named as the fallback: refused up front.
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await world.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = BuyWh, PhoneNumber = someoneElses }, await world.AuthAsync(buyer)));
        Assert.Equal((StatusCode.FailedPrecondition, "phoneNumber"), (refused.StatusCode, refused.Trailers.GetValue("field")));
        Assert.Equal(OfferWh, (await world.WaitForOfferAsync(offer.OfferId, _ => true, "the offer")).RemainingWh);

        // Without a verified phone the wallet payment's refusal ends the trade, saying why mobile money did not take over.
        var trade = await world.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = BuyWh }, await world.AuthAsync(buyer));
        Assert.Equal(("failed", ""), (trade.Status, trade.PayerPhone));
        Assert.Contains("paused", trade.FailureReason);
        Assert.Contains("no verified phone", trade.FailureReason);
        Assert.Equal((0, 0L), await world.MtnCollectedAsync(someoneElses));
        Assert.Equal(buyerMoneyBefore, await world.TokenBalanceAsync(world.PaymentToken, BuyerAddress));
        var released = await world.WaitForOfferAsync(offer.OfferId, o => o.PendingWh == 0 && o.RemainingWh == OfferWh, "the reservation to be released");
        Assert.Equal(0, released.SoldWh);
    }

    /// <summary>A buyer with the funded wallet connected and a verified phone, and a seller's offer that is payable from wallets.</summary>
    private static async Task<(string Buyer, string Phone, Offer Offer)> BuyerAndOfferAsync(HybridWorld world)
    {
        var seller = HybridWorld.NewUser("seller");
        var buyer = HybridWorld.NewUser("buyer");
        await world.ConnectWalletAsync(buyer, TestChain.UserKey);
        var phone = HybridWorld.NewMtnPhone();
        await world.LinkVerifiedPhoneAsync(buyer, phone);
        var offer = await world.OfferAsync(seller, OfferWh, PricePerKwh);
        Assert.True(offer.PayableFromWallet);
        return (buyer, phone, offer);
    }

    /// <summary>Pauses the trading contract with the operator (its admin): every later executeTradeFor reverts.</summary>
    private async Task PauseAsync(HybridWorld world)
    {
        using var admin = Chain.Client();
        await admin.SendAsync(world.Trading, new Enerlectra.Chain.Contracts.PauseFunction());
        Assert.True(await admin.QueryValueAsync<Enerlectra.Chain.Contracts.PausedFunction, bool>(world.Trading, new()));
    }
}
