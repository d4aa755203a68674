using System.Numerics;
using Enerlectra.Api.V1;
using Enerlectra.Chain;
using Enerlectra.Chain.Contracts;
using Enerlectra.ChainIntegration.Tests.Support;
using Enerlectra.Testing;
using Nethereum.Signer;

namespace Enerlectra.ChainIntegration.Tests;

/// <summary>A wallet payment in doubt when the silo stops is finished by the next silo, once, from durable state.</summary>
public sealed class RestartTests(DeployedChain chain) : ChainTestBase(chain)
{
    private static readonly string BuyerAddress = new EthECKey(TestChain.UserKey).GetPublicAddress();

    [Fact]
    public async Task A_wallet_payment_sent_just_before_the_silo_stopped_is_reconciled_by_the_next_silo_without_a_second_charge()
    {
        await HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 1_000_000, 1_000_000);
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var proxy = await RpcProxy.StartAsync(TestChain.RpcUrl);
        var overrides = new Dictionary<string, string?>
        {
            [ChainOptions.RpcUrlKey] = proxy.Url,
            ["Postgres:ConnectionString"] = database.ConnectionString,
        };
        var seller = HybridWorld.NewUser("seller");
        var buyer = HybridWorld.NewUser("buyer");
        var phone = HybridWorld.NewMtnPhone();
        var buyerMoneyBefore = await PaymentBalanceAsync(BuyerAddress);
        Trade started;
        await using (var world = await HybridWorld.StartAsync(Chain, overrides))
        {
            await world.ConnectWalletAsync(buyer, TestChain.UserKey);
            await world.LinkVerifiedPhoneAsync(buyer, phone);
            var offer = await world.OfferAsync(seller, 5_000, 2_500);
            proxy.SendFilter = HybridWorld.ExecuteTradeForSelector;
            proxy.GoAwayAfterSend = true;

            started = await world.Trades.ExecuteTradeAsync(
                new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 2_000, PhoneNumber = phone }, await world.AuthAsync(buyer));
            Assert.Equal(("payment_pending", "blockchain"), (started.Status, started.PaymentMethod));
        }

        // The node mined it while nobody was listening; the next silo must find that out, not pay by phone.
        proxy.Heal();
        await using (var world = await HybridWorld.StartAsync(Chain, overrides))
        {
            // Watched through the buyer's wallet, never the trade: asking for the trade would wake it up, and the
            // point is that the reconciler's durable reminder does that by itself.
            var settled = await Eventually.UntilAsync(() => world.WalletAsync(buyer), w => w.BoughtWh > 0,
                "the restarted silo to settle the trade on its own", TimeSpan.FromSeconds(60));
            // The wallet is credited a moment before the trade records its completion: wait for that, not a snapshot.
            var trade = await world.WaitForTradeAsync(buyer, started.TradeId, t => t.Status != "settling", "the trade to finish settling");

            Assert.Equal(("completed", "blockchain"), (trade.Status, trade.PaymentMethod));
            Assert.Equal(started.TransactionHash, trade.TransactionHash);
            Assert.Equal(buyerMoneyBefore - trade.AmountNgwee, await world.TokenBalanceAsync(world.PaymentToken, BuyerAddress));
            Assert.Equal((0, 0L), await world.MtnCollectedAsync(phone));
            Assert.Equal((2_000L, trade.AmountNgwee), (settled.BoughtWh, settled.SpentNgwee));
            var offer = await world.WaitForOfferAsync(started.OfferId, o => o.SoldWh == 2_000, "the sale on the offer");
            Assert.Equal((3_000L, 0L), (offer.RemainingWh, offer.PendingWh));
        }
    }

    private async Task<long> PaymentBalanceAsync(string address)
    {
        using var client = Chain.Client();
        return (long)await client.QueryValueAsync<BalanceOfFunction, BigInteger>(
            Chain.Settings[ChainOptions.PaymentTokenAddressKey], new BalanceOfFunction { Account = address });
    }
}
