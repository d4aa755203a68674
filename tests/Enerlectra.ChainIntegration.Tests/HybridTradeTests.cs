using Enerlectra.Abstractions.Pricing;
using Enerlectra.Api.V1;
using Enerlectra.ChainIntegration.Tests.Support;
using Enerlectra.Chain;
using Enerlectra.Chain.Contracts;
using Enerlectra.Testing;
using Nethereum.Signer;

namespace Enerlectra.ChainIntegration.Tests;

/// <summary>Hybrid payment selection end to end: the real gateway, the deployed contracts, the sandbox.</summary>
public sealed class HybridTradeTests(DeployedChain chain) : ChainTestBase(chain)
{
    private static readonly string BuyerAddress = new EthECKey(TestChain.UserKey).GetPublicAddress();

    [Fact]
    public async Task A_buyer_with_a_connected_funded_wallet_pays_on_chain_and_every_balance_moves_exactly()
    {
        await HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 1_000_000, 1_000_000);
        await using var world = await HybridWorld.StartAsync(Chain);
        var seller = HybridWorld.NewUser("seller");
        var buyer = HybridWorld.NewUser("buyer");
        await world.ConnectWalletAsync(buyer, TestChain.UserKey);
        var offer = await world.OfferAsync(seller, 5_000, 2_500);
        var operatorAddress = new EthECKey(TestChain.OperatorKey).GetPublicAddress();
        var operatorMoneyBefore = await world.TokenBalanceAsync(world.PaymentToken, operatorAddress);
        var buyerMoneyBefore = await world.TokenBalanceAsync(world.PaymentToken, BuyerAddress);
        var buyerEnergyBefore = await world.TokenBalanceAsync(world.EnergyToken, BuyerAddress);

        var trade = await world.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 2_000 }, await world.AuthAsync(buyer));

        Assert.Equal("blockchain", trade.PaymentMethod);
        Assert.Equal("completed", trade.Status);
        Assert.StartsWith("0x", trade.TransactionHash);
        Assert.Equal(5_000, trade.AmountNgwee); // 2 kWh at 2,500 ngwee
        Assert.Equal(13, trade.FeeNgwee);       // ceil(5,000 x 25 / 10,000) = ceil(12.5)
        Assert.Equal(4_987, trade.SellerNetNgwee);
        Assert.Equal(TradePricing.Price(2_000, 2_500, 25), new TradePrice(trade.AmountNgwee, trade.FeeNgwee, trade.SellerNetNgwee));
        Assert.Equal("", trade.PayerPhone);
        Assert.Equal(buyerMoneyBefore - 5_000, await world.TokenBalanceAsync(world.PaymentToken, BuyerAddress));
        Assert.Equal(buyerEnergyBefore + 2_000, await world.TokenBalanceAsync(world.EnergyToken, BuyerAddress));
        // The deploy tool makes the operator the fee recipient too, and the operator is the mirrored offer's seller.
        Assert.Equal(operatorMoneyBefore + 5_000, await world.TokenBalanceAsync(world.PaymentToken, operatorAddress));

        var sellerWallet = await world.WalletAsync(seller);
        var buyerWallet = await world.WalletAsync(buyer);
        Assert.Equal(4_987, sellerWallet.EarningsNgwee + sellerWallet.PayoutPendingNgwee + sellerWallet.PaidOutNgwee);
        Assert.Equal(3_000, sellerWallet.ReservedWh);
        Assert.Equal(2_000, buyerWallet.BoughtWh);
        Assert.Equal(5_000, buyerWallet.SpentNgwee);
        var after = await world.WaitForOfferAsync(offer.OfferId, o => o.SoldWh == 2_000, "the sale on the offer");
        Assert.Equal(3_000, after.RemainingWh);
    }

    [Fact]
    public async Task Hybrid_picks_mobile_money_for_a_buyer_without_a_wallet_and_the_trade_is_recorded_on_chain_afterwards()
    {
        await using var world = await HybridWorld.StartAsync(Chain);
        var seller = HybridWorld.NewUser("seller");
        var buyer = HybridWorld.NewUser("buyer");
        var phone = HybridWorld.NewMtnPhone();
        await world.LinkVerifiedPhoneAsync(buyer, phone);
        var offer = await world.OfferAsync(seller, 3_000, 1_000);

        var started = await world.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 1_000, PhoneNumber = phone }, await world.AuthAsync(buyer));
        Assert.Equal("mobile_money", started.PaymentMethod);
        var trade = await world.WaitForTradeAsync(buyer, started.TradeId, t => t.Status == "completed", "the mobile money trade to complete");

        Assert.Equal((1, trade.AmountNgwee), await world.MtnCollectedAsync(phone));
        Assert.Equal("", trade.TransactionHash);
        // Mirrored asynchronously: the trade id is its reference on-chain, and the energy left the offer's escrow.
        using var client = Chain.Client();
        await Eventually.UntilAsync(
            () => client.QueryValueAsync<IsReferenceUsedFunction, bool>(world.Trading, new IsReferenceUsedFunction { MobileMoneyRef = Guid.Parse(trade.TradeId).ToString("N") }),
            "the mobile money trade to be recorded on-chain", TimeSpan.FromSeconds(30));
        var status = await world.StatusAsync();
        Assert.Contains("trade_mirroring", status.HybridFeatures);
        Assert.Contains("blockchain", status.ActivePaymentMethods);
        await Eventually.UntilAsync(async () => (await world.StatusAsync()).Sync.PendingMirrorJobs == 0, "the mirror queue to drain");
    }

    [Fact]
    public async Task Paying_from_a_wallet_is_refused_with_the_reason_when_none_is_connected_and_nothing_is_reserved()
    {
        await using var world = await HybridWorld.StartAsync(Chain);
        var seller = HybridWorld.NewUser("seller");
        var buyer = HybridWorld.NewUser("buyer");
        var offer = await world.OfferAsync(seller, 2_000, 1_000);

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () =>
            await world.Trades.ExecuteBlockchainTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId }, await world.AuthAsync(buyer)));

        Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("no wallet is connected", error.Status.Detail);
        var unchanged = await world.WaitForOfferAsync(offer.OfferId, _ => true, "the offer");
        Assert.Equal(2_000, unchanged.RemainingWh);
        Assert.Equal(0, unchanged.PendingWh);
    }

    [Fact]
    public async Task Energy_and_money_are_conserved_across_both_rails_on_the_server_and_on_chain()
    {
        await HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 100_000, 100_000);
        await using var world = await HybridWorld.StartAsync(Chain);
        var seller = HybridWorld.NewUser("seller");
        var walletBuyer = HybridWorld.NewUser("buyer");
        var phoneBuyer = HybridWorld.NewUser("buyer");
        var decliningBuyer = HybridWorld.NewUser("buyer");
        var phone = HybridWorld.NewMtnPhone();
        var declining = "+260961230001"; // the sandbox's payer declines this number's payments (not its verification)
        await world.ConnectWalletAsync(walletBuyer, TestChain.UserKey);
        await world.LinkVerifiedPhoneAsync(phoneBuyer, phone);
        await world.LinkVerifiedPhoneAsync(decliningBuyer, declining);
        var offer = await world.OfferAsync(seller, 10_000, 3_000);
        var buyerMoneyBefore = await world.TokenBalanceAsync(world.PaymentToken, BuyerAddress);
        var buyerEnergyBefore = await world.TokenBalanceAsync(world.EnergyToken, BuyerAddress);

        var onChain = await world.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 2_500 }, await world.AuthAsync(walletBuyer));
        var byPhone = await world.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 1_500, PhoneNumber = phone }, await world.AuthAsync(phoneBuyer));
        // Ending 0001: the sandbox's payer declines, so this one fails and gives its energy back.
        var declined = await world.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 1_000, PhoneNumber = declining }, await world.AuthAsync(decliningBuyer));
        byPhone = await world.WaitForTradeAsync(phoneBuyer, byPhone.TradeId, t => t.Status == "completed", "the mobile money trade");
        declined = await world.WaitForTradeAsync(decliningBuyer, declined.TradeId, t => t.Status == "failed", "the declined trade");
        Assert.Equal(("blockchain", "completed"), (onChain.PaymentMethod, onChain.Status));
        Assert.Equal("mobile_money", byPhone.PaymentMethod);

        // Server: energy offered = sold + still for sale; what buyers paid = seller's net + fees.
        var after = await world.WaitForOfferAsync(offer.OfferId, o => o.PendingWh == 0, "no energy left pending");
        Assert.Equal(4_000, after.SoldWh);
        Assert.Equal(10_000, after.SoldWh + after.RemainingWh);
        var buyers = new[] { await world.WalletAsync(walletBuyer), await world.WalletAsync(phoneBuyer), await world.WalletAsync(decliningBuyer) };
        var sellerWallet = await world.WalletAsync(seller);
        Assert.Equal(after.SoldWh, buyers.Sum(b => b.BoughtWh));
        Assert.Equal(0, buyers[2].BoughtWh + buyers[2].SpentNgwee);
        var fees = onChain.FeeNgwee + byPhone.FeeNgwee;
        Assert.Equal(buyers.Sum(b => b.SpentNgwee), sellerWallet.EarningsNgwee + sellerWallet.PayoutPendingNgwee + sellerWallet.PaidOutNgwee + fees);
        Assert.Equal(6_000, sellerWallet.ReservedWh);

        // Rails: the wallet paid exactly its trade; the phone was charged exactly its trade, the declined one nothing.
        Assert.Equal(buyerMoneyBefore - onChain.AmountNgwee, await world.TokenBalanceAsync(world.PaymentToken, BuyerAddress));
        Assert.Equal(buyerEnergyBefore + 2_500, await world.TokenBalanceAsync(world.EnergyToken, BuyerAddress));
        Assert.Equal((1, byPhone.AmountNgwee), await world.MtnCollectedAsync(phone));
        Assert.Equal((0, 0L), await world.MtnCollectedAsync(declining));
        // Besides, each phone was charged once to verify it, and that is in its owner's balance, not in any trade.
        Assert.Equal((1, HybridWorld.VerificationNgwee), await world.MtnVerificationsAsync(phone));
        Assert.Equal(HybridWorld.VerificationNgwee, buyers[1].BalanceNgwee);

        // Chain: once mirroring drained, the on-chain offer holds exactly what the server still has for sale.
        await Eventually.UntilAsync(async () => (await world.StatusAsync()).Sync.PendingMirrorJobs == 0, "the mirror queue to drain");
        using var client = Chain.Client();
        var chainOfferId = await client.QueryValueAsync<OfferIdForServerOfferFunction, System.Numerics.BigInteger>(
            world.Trading, new OfferIdForServerOfferFunction { ServerOfferId = ChainIds.ToBytes32(Guid.Parse(offer.OfferId)) });
        var chainOffer = (await client.QueryAsync<GetOfferFunction, GetOfferOutput>(world.Trading, new GetOfferFunction { OfferId = chainOfferId })).Offer;
        Assert.Equal(after.RemainingWh, (long)chainOffer.RemainingAmount);
        Assert.Equal(10_000, (long)chainOffer.EnergyAmount);
    }

    [Fact]
    public async Task The_wallet_route_and_the_sync_route_work_over_json()
    {
        await HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 100_000, 100_000);
        await using var world = await HybridWorld.StartAsync(Chain);
        var buyer = HybridWorld.NewUser("buyer");
        await world.ConnectWalletAsync(buyer, TestChain.UserKey);
        var offer = await world.OfferAsync(HybridWorld.NewUser("seller"), 3_000, 2_000);
        var buyerAuth = (await world.AuthAsync(buyer)).Get("authorization")!.Value;
        var operatorAuth = (await world.AuthAsync("ops", "operator")).Get("authorization")!.Value;

        using var bought = await PostJsonAsync(world, "/api/blockchain/trade/blockchain", new { offerId = offer.OfferId, energyWh = 1_000 }, buyerAuth);
        Assert.Equal(System.Net.HttpStatusCode.OK, bought.StatusCode);
        using (var trade = System.Text.Json.JsonDocument.Parse(await bought.Content.ReadAsStringAsync()))
        {
            var root = trade.RootElement;
            Assert.Equal("blockchain", root.GetProperty("paymentMethod").GetString());
            Assert.Equal("completed", root.GetProperty("status").GetString());
            Assert.Equal(2_000, root.GetProperty("amountNgwee").GetInt64());
            Assert.StartsWith("0x", root.GetProperty("transactionHash").GetString());
        }

        using var refused = await PostJsonAsync(world, "/api/blockchain/sync", new { }, buyerAuth);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        using var synced = await PostJsonAsync(world, "/api/blockchain/sync", new { }, operatorAuth);
        Assert.Equal(System.Net.HttpStatusCode.OK, synced.StatusCode);
        using var status = System.Text.Json.JsonDocument.Parse(await synced.Content.ReadAsStringAsync());
        var sync = status.RootElement.GetProperty("data").GetProperty("sync");
        Assert.True(sync.GetProperty("lastProcessedBlock").GetInt64() > 0);
        Assert.Contains("wallet_payments", status.RootElement.GetProperty("data").GetProperty("hybridFeatures").EnumerateArray().Select(e => e.GetString()));
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(HybridWorld world, string path, object body, string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("authorization", authorization);
        return await world.Gateway.Http.SendAsync(request);
    }
}
