using Enerlectra.Abstractions.Chain;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Api.V1;
using Enerlectra.Chain;
using Enerlectra.Chain.Contracts;
using Enerlectra.ChainIntegration.Tests.Support;
using Enerlectra.Testing;

namespace Enerlectra.ChainIntegration.Tests;

/// <summary>The chain listener end to end: direct on-chain offers and trades recorded once, attributed, and undone by a reorganisation.</summary>
public sealed class ChainListenerTests(DeployedChain chain) : ChainTestBase(chain)
{
    private const long Price = 2_500;   // ngwee per kWh

    private static readonly string Seller = DirectChain.Address(TestChain.StrangerKey);
    private static readonly string Buyer = DirectChain.Address(TestChain.OtherUserKey);

    /// <summary>The wallet that pays in the wallet-payment tests (its dev key is <see cref="TestChain.UserKey"/>).</summary>
    private static readonly string Payer = DirectChain.Address(TestChain.UserKey);

    [Fact]
    public async Task A_direct_offer_and_a_direct_trade_are_recorded_exactly_once_however_often_the_server_syncs()
    {
        await using var world = await HybridWorld.StartAsync(Chain);
        var offer = await DirectChain.CreateOfferAsync(Chain, TestChain.StrangerKey, 5_000, Price);
        await DirectChain.FundBuyerAsync(Chain, TestChain.OtherUserKey);
        var trade = await DirectChain.BuyAsync(Chain, TestChain.OtherUserKey, offer.OfferId, 2_000);
        var tradeBlock = (long)trade.BlockNumber.Value;

        await world.SyncAsync();
        await world.SyncAsync();
        var status = (await world.SyncAsync()).Sync;

        Assert.Equal(1, status.OffersRecorded);
        Assert.Equal(1, status.TradesRecorded);
        Assert.True(status.LastProcessedBlock >= tradeBlock, $"processed up to {status.LastProcessedBlock}, the trade is in {tradeBlock}");
        Assert.InRange(status.LagBlocks, 0, 2);
        Assert.Equal(0, status.Reorganisations);
        Assert.Equal("", status.LastError);

        var offers = (await world.Offers.ListOffersAsync(new ListOffersRequest { MarketId = "default", PageSize = 100 }, await world.AuthAsync("observer"))).Offers;
        var recorded = Assert.Single(offers);
        Assert.True(recorded.WalletOnly);
        Assert.True(recorded.PayableFromWallet);
        Assert.False(recorded.AcceptsMobileMoney);
        Assert.Equal(WalletAddresses.UnlinkedUserId(Seller), recorded.SellerId);
        Assert.Equal(5_000, recorded.EnergyWh);
        Assert.Equal(Price, recorded.PricePerKwhNgwee);
        Assert.Equal(2_000, recorded.SoldWh);
        Assert.Equal(3_000, recorded.RemainingWh);
        Assert.Equal("partially_filled", recorded.Status);
        Assert.Equal(offer.ExpiresAt, recorded.ExpiresAt.Seconds);

        // 2 kWh at 2,500 ngwee = 5,000; the contract's 25 bps fee rounds up to 13.
        var buyerWallet = await Eventually.UntilAsync(() => DirectChain.ServerWalletAsync(world, WalletAddresses.UnlinkedUserId(Buyer)),
            w => w.BoughtWh > 0, "the buyer's purchase to be recorded");
        var sellerWallet = await Eventually.UntilAsync(() => DirectChain.ServerWalletAsync(world, WalletAddresses.UnlinkedUserId(Seller)),
            w => w.SoldFromWalletWh > 0, "the seller's sale to be recorded");
        Assert.Equal(2_000, buyerWallet.BoughtWh);
        Assert.Equal(5_000, buyerWallet.SpentNgwee);
        Assert.Equal(2_000, sellerWallet.SoldFromWalletWh);
        Assert.Equal(4_987, sellerWallet.EarnedInWalletNgwee);
        // Paid into the seller's own wallet, never into earnings we would pay out.
        Assert.Equal(0, sellerWallet.EarningsNgwee);

        // The trade is a completed blockchain trade with the chain's transaction.
        var tradeId = ChainTradeId(trade.TransactionHash, trade.BlockHash);
        var operatorAuth = await world.AuthAsync("ops", "operator");
        var recordedTrade = await Eventually.UntilAsync(
            async () => await world.Trades.GetTradeAsync(new GetTradeRequest { TradeId = tradeId.ToString() }, operatorAuth),
            t => t.Status == "completed", "the recorded trade to settle");
        Assert.Equal("blockchain", recordedTrade.PaymentMethod);
        Assert.Equal(trade.TransactionHash, recordedTrade.TransactionHash);
        Assert.Equal(5_000, recordedTrade.AmountNgwee);
        Assert.Equal(13, recordedTrade.FeeNgwee);

        // Once more, after everything settled: still once.
        var again = (await world.SyncAsync()).Sync;
        Assert.Equal(1, again.OffersRecorded);
        Assert.Equal(1, again.TradesRecorded);
        buyerWallet = await DirectChain.ServerWalletAsync(world, WalletAddresses.UnlinkedUserId(Buyer));
        sellerWallet = await DirectChain.ServerWalletAsync(world, WalletAddresses.UnlinkedUserId(Seller));
        Assert.Equal((2_000, 5_000), (buyerWallet.BoughtWh, buyerWallet.SpentNgwee));
        Assert.Equal((2_000, 4_987), (sellerWallet.SoldFromWalletWh, sellerWallet.EarnedInWalletNgwee));
        Assert.Single((await world.Offers.ListOffersAsync(new ListOffersRequest { MarketId = "default" }, await world.AuthAsync("observer"))).Offers);
    }

    [Fact]
    public async Task Events_are_recorded_only_once_they_are_the_configured_number_of_blocks_deep()
    {
        await using var world = await HybridWorld.StartAsync(Chain, new Dictionary<string, string?> { ["Blockchain:ListenerConfirmations"] = "3" });
        var created = await DirectChain.CreateOfferAsync(Chain, TestChain.StrangerKey, 5_000, Price);

        // Mined, but only 1 block deep: not yet.
        var shallow = (await world.SyncAsync()).Sync;
        Assert.Equal((0L, 3), (shallow.OffersRecorded, shallow.Confirmations));
        Assert.True(shallow.LastProcessedBlock < (long)created.Receipt.BlockNumber.Value);

        await DirectChain.MineAsync(1);
        Assert.Equal(0, (await world.SyncAsync()).Sync.OffersRecorded);

        await DirectChain.MineAsync(1);
        var deep = (await world.SyncAsync()).Sync;
        Assert.Equal(1, deep.OffersRecorded);
        Assert.Equal(2, deep.LagBlocks);
    }

    [Fact]
    public async Task A_direct_offer_by_a_linked_wallet_is_attributed_to_its_user()
    {
        await using var world = await HybridWorld.StartAsync(Chain);
        var user = HybridWorld.NewUser("seller");
        await world.ConnectWalletAsync(user, TestChain.StrangerKey);

        var offer = await DirectChain.CreateOfferAsync(Chain, TestChain.StrangerKey, 4_000, Price);
        var status = (await world.SyncAsync()).Sync;

        Assert.Equal(1, status.OffersRecorded);
        var recorded = Assert.Single((await world.Offers.ListOffersAsync(new ListOffersRequest { MarketId = "default" }, await world.AuthAsync("observer"))).Offers);
        Assert.Equal(user, recorded.SellerId);
        Assert.True(recorded.WalletOnly);
        Assert.Equal(4_000, recorded.RemainingWh);
        Assert.Equal(offer.ExpiresAt, recorded.ExpiresAt.Seconds);
    }

    [Fact]
    public async Task A_wallet_payment_a_reorganisation_drops_is_collected_again_once_under_the_same_trade()
    {
        var (world, buyer, offer, moneyBefore) = await WalletBuyerAsync();
        await using var _ = world;

        var fork = await ChainFork.MarkAsync();
        var trade = await world.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 2_000 }, await world.AuthAsync(buyer));
        Assert.Equal(("completed", "blockchain"), (trade.Status, trade.PaymentMethod));
        await world.SyncAsync();

        // The payment's block is replaced by a longer branch without it: on-chain the buyer has the money back.
        await fork.ReplaceWithLongerBranchAsync();
        Assert.Equal(moneyBefore, await world.TokenBalanceAsync(world.PaymentToken, Payer));

        var after = (await world.SyncAsync()).Sync;
        Assert.True(after.Reorganisations >= 1, $"reorganisations: {after.Reorganisations}");
        var recollected = await world.WaitForTradeAsync(buyer, trade.TradeId, t => t.PaymentStatus == "successful" && t.UpdatedAt.ToDateTimeOffset() > trade.UpdatedAt.ToDateTimeOffset(),
            "the payment to be collected again");

        Assert.Equal("completed", recollected.Status);
        Assert.Equal(moneyBefore - trade.AmountNgwee, await world.TokenBalanceAsync(world.PaymentToken, Payer));
        using var client = Chain.Client();
        Assert.True(await client.QueryValueAsync<Enerlectra.Chain.Contracts.IsTradeRecordedFunction, bool>(world.Trading,
            new Enerlectra.Chain.Contracts.IsTradeRecordedFunction { TradeRef = ChainIds.ToBytes32(Guid.Parse(trade.TradeId)) }));
        // Nothing on the server moved twice: one sale, one purchase.
        Assert.Equal((2_000L, trade.AmountNgwee), ((await world.WalletAsync(buyer)).BoughtWh, (await world.WalletAsync(buyer)).SpentNgwee));
        Assert.Equal(2_000, (await world.WaitForOfferAsync(offer.OfferId, _ => true, "the offer")).SoldWh);
    }

    [Fact]
    public async Task A_reorganisation_that_drops_an_offers_mirror_mirrors_it_again_and_collects_its_wallet_payment_once()
    {
        await HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 1_000_000, 1_000_000);
        await using var world = await HybridWorld.StartAsync(Chain);
        var buyer = HybridWorld.NewUser("buyer");
        await world.ConnectWalletAsync(buyer, TestChain.UserKey);
        var moneyBefore = await world.TokenBalanceAsync(world.PaymentToken, Payer);

        // The offer's mirror and the payment on it both come after the fork.
        var fork = await ChainFork.MarkAsync();
        var offer = await world.OfferAsync(HybridWorld.NewUser("seller"), 5_000, Price);
        var trade = await world.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 2_000 }, await world.AuthAsync(buyer));
        Assert.Equal(("completed", "blockchain"), (trade.Status, trade.PaymentMethod));
        await world.SyncAsync();

        await fork.ReplaceWithLongerBranchAsync();
        using var client = Chain.Client();
        var serverOfferId = ChainIds.ToBytes32(Guid.Parse(offer.OfferId));
        Assert.Equal(0, (long)await client.QueryValueAsync<Enerlectra.Chain.Contracts.OfferIdForServerOfferFunction, System.Numerics.BigInteger>(world.Trading,
            new Enerlectra.Chain.Contracts.OfferIdForServerOfferFunction { ServerOfferId = serverOfferId }));

        await world.SyncAsync();
        var recollected = await world.WaitForTradeAsync(buyer, trade.TradeId, t => t.PaymentStatus == "successful" && t.UpdatedAt.ToDateTimeOffset() > trade.UpdatedAt.ToDateTimeOffset(),
            "the payment to be collected again on the offer's new mirror");

        Assert.Equal("completed", recollected.Status);
        Assert.NotEqual(0, (long)await client.QueryValueAsync<Enerlectra.Chain.Contracts.OfferIdForServerOfferFunction, System.Numerics.BigInteger>(world.Trading,
            new Enerlectra.Chain.Contracts.OfferIdForServerOfferFunction { ServerOfferId = serverOfferId }));
        Assert.True((await world.WaitForOfferAsync(offer.OfferId, o => o.PayableFromWallet, "the offer to be payable from wallets again")).PayableFromWallet);
        Assert.Equal(moneyBefore - trade.AmountNgwee, await world.TokenBalanceAsync(world.PaymentToken, Payer));
        Assert.True(await client.QueryValueAsync<Enerlectra.Chain.Contracts.IsTradeRecordedFunction, bool>(world.Trading,
            new Enerlectra.Chain.Contracts.IsTradeRecordedFunction { TradeRef = ChainIds.ToBytes32(Guid.Parse(trade.TradeId)) }));
        var wallet = await world.WalletAsync(buyer);
        Assert.Equal((2_000L, trade.AmountNgwee), (wallet.BoughtWh, wallet.SpentNgwee));
    }

    [Fact]
    public async Task A_wallet_payment_reorganised_away_after_its_offer_closed_on_chain_is_collected_again_once()
    {
        var (world, buyer, offer, moneyBefore) = await WalletBuyerAsync();
        await using var _ = world;
        var seller = offer.SellerId;
        var energyBefore = await world.TokenBalanceAsync(world.EnergyToken, Payer);

        var fork = await ChainFork.MarkAsync();
        var trade = await world.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 2_000 }, await world.AuthAsync(buyer));
        Assert.Equal(("completed", "blockchain"), (trade.Status, trade.PaymentMethod));
        await world.SyncAsync();
        await fork.ReplaceWithLongerBranchAsync();

        // Before the listener reads the new branch, the seller withdraws the rest: the close goes out (the payment it
        // knows of is complete) and lands on the branch where the payment never happened, returning all 5,000 Wh.
        await world.Offers.CancelOfferAsync(new CancelOfferRequest { OfferId = offer.OfferId }, await world.AuthAsync(seller));
        using var client = Chain.Client();
        var chainOfferId = await client.QueryValueAsync<OfferIdForServerOfferFunction, System.Numerics.BigInteger>(world.Trading,
            new OfferIdForServerOfferFunction { ServerOfferId = ChainIds.ToBytes32(Guid.Parse(offer.OfferId)) });
        var closed = await Eventually.UntilAsync(
            async () => (await client.QueryAsync<GetOfferFunction, GetOfferOutput>(world.Trading, new GetOfferFunction { OfferId = chainOfferId })).Offer,
            o => o.Status == ChainOfferStatus.Cancelled, "the offer's mirror to be closed", TimeSpan.FromSeconds(60));
        Assert.Equal(5_000, (long)closed.EnergyAmount);
        Assert.Equal(moneyBefore, await world.TokenBalanceAsync(world.PaymentToken, Payer));

        var after = (await world.SyncAsync()).Sync;
        Assert.True(after.Reorganisations >= 1, $"reorganisations: {after.Reorganisations}");
        var recollected = await world.WaitForTradeAsync(buyer, trade.TradeId, t => t.PaymentStatus == "successful" && t.UpdatedAt.ToDateTimeOffset() > trade.UpdatedAt.ToDateTimeOffset(),
            "the payment to be collected again");

        Assert.Equal("completed", recollected.Status);
        Assert.Equal(moneyBefore - trade.AmountNgwee, await world.TokenBalanceAsync(world.PaymentToken, Payer));
        Assert.Equal(energyBefore + 2_000, await world.TokenBalanceAsync(world.EnergyToken, Payer));
        Assert.True(await client.QueryValueAsync<IsTradeRecordedFunction, bool>(world.Trading,
            new IsTradeRecordedFunction { TradeRef = ChainIds.ToBytes32(Guid.Parse(trade.TradeId)) }));
        var wallet = await world.WalletAsync(buyer);
        Assert.Equal((2_000L, trade.AmountNgwee), (wallet.BoughtWh, wallet.SpentNgwee));
    }

    [Fact]
    public async Task A_wallet_payment_reorganised_away_before_the_listener_read_its_block_is_still_collected_again_once()
    {
        // The listener reads 20 blocks behind the head, so it has not read the payment's block when the chain reorganises.
        var (world, buyer, offer, moneyBefore) = await WalletBuyerAsync(new Dictionary<string, string?> { ["Blockchain:ListenerConfirmations"] = "20" });
        await using var _ = world;

        var fork = await ChainFork.MarkAsync();
        var trade = await world.Trades.ExecuteTradeAsync(new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 2_000 }, await world.AuthAsync(buyer));
        Assert.Equal(("completed", "blockchain"), (trade.Status, trade.PaymentMethod));
        // Long enough that the listener reads past the block the payment's receipt named.
        await fork.ReplaceWithLongerBranchAsync(longerBy: 25);
        Assert.Equal(moneyBefore, await world.TokenBalanceAsync(world.PaymentToken, Payer));

        var synced = (await world.SyncAsync()).Sync;
        Assert.Equal(0, synced.Reorganisations);   // the listener never saw the replaced blocks
        var recollected = await world.WaitForTradeAsync(buyer, trade.TradeId, t => t.PaymentStatus == "successful" && t.UpdatedAt.ToDateTimeOffset() > trade.UpdatedAt.ToDateTimeOffset(),
            "the payment to be collected again");

        Assert.Equal("completed", recollected.Status);
        Assert.Equal(moneyBefore - trade.AmountNgwee, await world.TokenBalanceAsync(world.PaymentToken, Payer));
        var wallet = await world.WalletAsync(buyer);
        Assert.Equal((2_000L, trade.AmountNgwee), (wallet.BoughtWh, wallet.SpentNgwee));
    }

    [Fact]
    public async Task A_reorganisation_that_drops_a_recorded_trade_undoes_it_everywhere()
    {
        await using var world = await HybridWorld.StartAsync(Chain);
        var offer = await DirectChain.CreateOfferAsync(Chain, TestChain.StrangerKey, 5_000, Price);
        await DirectChain.FundBuyerAsync(Chain, TestChain.OtherUserKey);
        var before = (await world.SyncAsync()).Sync;
        Assert.Equal(1, before.OffersRecorded);
        var offerId = Assert.Single((await world.Offers.ListOffersAsync(new ListOffersRequest { MarketId = "default" }, await world.AuthAsync("observer"))).Offers).OfferId;

        var fork = await ChainFork.MarkAsync();
        var trade = await DirectChain.BuyAsync(Chain, TestChain.OtherUserKey, offer.OfferId, 2_000);
        var traded = (await world.SyncAsync()).Sync;
        Assert.Equal(1, traded.TradesRecorded);
        var buyerId = WalletAddresses.UnlinkedUserId(Buyer);
        Assert.Equal(2_000, (await Eventually.UntilAsync(() => DirectChain.ServerWalletAsync(world, buyerId), w => w.BoughtWh > 0, "the purchase")).BoughtWh);
        Assert.Equal(3_000, (await world.WaitForOfferAsync(offerId, o => o.SoldWh == 2_000, "the sale on the offer")).RemainingWh);
        var tradeId = ChainTradeId(trade.TransactionHash, trade.BlockHash);

        // The trade's block is replaced by a longer branch without it.
        var replacedHead = await fork.ReplaceWithLongerBranchAsync();

        var after = (await world.SyncAsync()).Sync;
        Assert.True(after.Reorganisations >= 1, $"reorganisations: {after.Reorganisations}");
        Assert.Equal(0, after.TradesRecorded);
        Assert.Equal(1, after.OffersRecorded);   // the offer's block is below the fork and stays
        var buyerWallet = await DirectChain.ServerWalletAsync(world, buyerId);
        Assert.Equal(0, buyerWallet.BoughtWh);
        Assert.Equal(0, buyerWallet.SpentNgwee);
        var sellerWallet = await DirectChain.ServerWalletAsync(world, WalletAddresses.UnlinkedUserId(Seller));
        Assert.Equal((0, 0), (sellerWallet.SoldFromWalletWh, sellerWallet.EarnedInWalletNgwee));
        var restored = await world.WaitForOfferAsync(offerId, o => o.SoldWh == 0, "the sale to be undone on the offer");
        Assert.Equal(5_000, restored.RemainingWh);
        Assert.Equal("open", restored.Status);
        var undone = await world.Trades.GetTradeAsync(new GetTradeRequest { TradeId = tradeId.ToString() }, await world.AuthAsync("ops", "operator"));
        Assert.Equal("failed", undone.Status);

        // Syncing again changes nothing more.
        var settled = (await world.SyncAsync()).Sync;
        Assert.Equal(after.Reorganisations, settled.Reorganisations);
        Assert.Equal(0, settled.TradesRecorded);
        Assert.True(settled.LastProcessedBlock >= replacedHead, $"processed up to {settled.LastProcessedBlock}");
    }

    /// <summary>
    /// A server on the deployment with a buyer whose funded wallet is connected, an offer on the chain it can pay, and
    /// the payment tokens the wallet holds before paying.
    /// </summary>
    private async Task<(HybridWorld World, string Buyer, Offer Offer, long MoneyBefore)> WalletBuyerAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        await HybridWorld.FundWalletAsync(Chain, TestChain.UserKey, 1_000_000, 1_000_000);
        var world = await HybridWorld.StartAsync(Chain, overrides);
        var buyer = HybridWorld.NewUser("buyer");
        await world.ConnectWalletAsync(buyer, TestChain.UserKey);
        var offer = await world.OfferAsync(HybridWorld.NewUser("seller"), 5_000, Price);
        return (world, buyer, offer, await world.TokenBalanceAsync(world.PaymentToken, Payer));
    }

    /// <summary>The server's id for a direct trade: derived from its chain position, as the listener derives it.</summary>
    private Guid ChainTradeId(string transactionHash, string blockHash) =>
        DeterministicGuid.Create("chain-trade", $"{TestChain.ChainId}:{Chain.Settings[ChainOptions.EnergyTradingAddressKey].ToLowerInvariant()}", $"{transactionHash}:0:{blockHash}");
}
