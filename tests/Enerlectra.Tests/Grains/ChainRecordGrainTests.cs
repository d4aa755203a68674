using Enerlectra.Abstractions.Chain;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Tests.Support;
using Xunit;

namespace Enerlectra.Tests.Grains;

/// <summary>
/// What the chain listener asks of the grains, without a chain: offers and trades made directly on-chain are recorded
/// once, add up, and are undone exactly by a reorganisation; one wallet address belongs to one account.
/// </summary>
public class ChainRecordGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private const string SellerAddress = "0x1111111111111111111111111111111111111111";
    private const string BuyerAddress = "0x2222222222222222222222222222222222222222";

    private readonly Trading _t = new(fixture.Client);

    private static ChainOfferCommand Command(string market, long wh = 5_000, long price = 2_000) =>
        new(7, WalletAddresses.UnlinkedUserId(SellerAddress), SellerAddress, wh, price, DateTimeOffset.UtcNow.AddDays(1), market, "0xabc");

    private static void AssertAddsUp(OfferSnapshot o) =>
        Assert.Equal(o.EnergyWh, o.RemainingWh + o.PendingWh + o.SoldWh + o.ReleasedWh);

    [Fact]
    public async Task A_chain_offer_is_recorded_once_and_can_only_be_paid_from_a_wallet()
    {
        var offer = _t.Offer(Guid.NewGuid());
        var command = Command(Names.Market());
        var first = await offer.CreateFromChainAsync(command);
        var again = await offer.CreateFromChainAsync(command);

        Assert.Equal(first.Version, again.Version);
        Assert.True(first.ChainNative);
        Assert.Equal(7, first.ChainOfferId);
        Assert.False(first.AcceptsMobileMoney);
        Assert.Equal((OfferStatus.Open, 5_000L), (first.Status, first.RemainingWh));
        // No wallet backs it: the seller's server wallet was never touched.
        Assert.Equal(0, (await _t.Wallet(command.SellerId).GetAsync()).ReservedWh);

        var byPhone = Trading.Request(first.OfferId, Names.User("buyer"), 1_000, Names.Payer("5000")) with { Method = PaymentMethod.MobileMoney };
        await Trading.RefusedAsync(() => _t.Trade(Guid.NewGuid()).StartAsync(byPhone), ErrorKind.FailedPrecondition, "paymentMethod");
        var hybrid = byPhone with { Method = PaymentMethod.Hybrid };
        var refused = await Trading.RefusedAsync(() => _t.Trade(Guid.NewGuid()).StartAsync(hybrid), ErrorKind.FailedPrecondition, "paymentMethod");
        Assert.Contains("connected wallet", refused.Message);
        await Trading.RefusedAsync(() => offer.CancelAsync(command.SellerId), ErrorKind.FailedPrecondition, "offerId");
        Assert.Equal(5_000, (await offer.GetAsync()).RemainingWh);
    }

    [Fact]
    public async Task A_direct_trade_is_recorded_once_in_offer_wallets_and_fees_and_a_reorganisation_undoes_all_of_it()
    {
        var market = Names.Market();
        var offerId = Guid.NewGuid();
        var command = Command(market);
        await _t.Offer(offerId).CreateFromChainAsync(command);
        var buyer = WalletAddresses.UnlinkedUserId(BuyerAddress);
        var tradeId = Guid.NewGuid();
        var import = new ChainTradeImport(offerId, buyer, BuyerAddress, 2_000, 4_000, 10, "0xdef", 42);

        var trade = await _t.Trade(tradeId).ImportChainTradeAsync(import);
        await _t.Trade(tradeId).ImportChainTradeAsync(import);

        Assert.Equal((TradeStatus.Completed, PaymentMethod.Blockchain), (trade.Status, trade.Method));
        Assert.True(trade.RecordedFromChain);
        Assert.Equal((4_000L, 10L, 3_990L), (trade.AmountNgwee, trade.FeeNgwee, trade.SellerNetNgwee));
        var offer = await _t.Offer(offerId).GetAsync();
        Assert.Equal((2_000L, 3_000L, OfferStatus.PartiallyFilled), (offer.SoldWh, offer.RemainingWh, offer.Status));
        AssertAddsUp(offer);
        var buyerWallet = await _t.Wallet(buyer).GetAsync();
        Assert.Equal((2_000L, 4_000L), (buyerWallet.BoughtWh, buyerWallet.SpentNgwee));
        var sellerWallet = await _t.Wallet(command.SellerId).GetAsync();
        Assert.Equal((2_000L, 3_990L, 0L), (sellerWallet.SoldOnChainWh, sellerWallet.EarnedOnChainNgwee, sellerWallet.EarningsNgwee));
        Assert.Equal(10, (await _t.Platform(market).GetAsync()).FeesNgwee);

        await _t.Trade(tradeId).RevokeChainTradeAsync();
        await _t.Trade(tradeId).RevokeChainTradeAsync();

        Assert.Equal(TradeStatus.Failed, (await _t.Trade(tradeId).GetAsync()).Status);
        offer = await _t.Offer(offerId).GetAsync();
        Assert.Equal((0L, 5_000L, OfferStatus.Open), (offer.SoldWh, offer.RemainingWh, offer.Status));
        AssertAddsUp(offer);
        buyerWallet = await _t.Wallet(buyer).GetAsync();
        Assert.Equal((0L, 0L), (buyerWallet.BoughtWh, buyerWallet.SpentNgwee));
        sellerWallet = await _t.Wallet(command.SellerId).GetAsync();
        Assert.Equal((0L, 0L), (sellerWallet.SoldOnChainWh, sellerWallet.EarnedOnChainNgwee));
        Assert.Equal(0, (await _t.Platform(market).GetAsync()).FeesNgwee);
    }

    [Fact]
    public async Task Energy_a_direct_trade_took_from_under_a_pending_reservation_is_not_put_back_on_sale_when_that_reservation_fails()
    {
        var offerId = Guid.NewGuid();
        var offer = _t.Offer(offerId);
        await offer.CreateFromChainAsync(Command(Names.Market(), wh: 1_000));
        var serverTrade = Guid.NewGuid();
        await offer.ReserveAsync(serverTrade, Names.User("buyer"), 600, PaymentMethod.Blockchain);

        // On-chain someone bought 700 Wh directly: 400 of it was for sale here, 300 was held for the server trade.
        await offer.ApplyChainTradeAsync(Guid.NewGuid(), Names.User("buyer"), 700);
        var during = await offer.GetAsync();
        Assert.Equal((0L, 600L, 700L, -300L), (during.RemainingWh, during.PendingWh, during.SoldWh, during.ReleasedWh));
        AssertAddsUp(during);

        // The server's payment then fails on-chain: only what the chain still holds goes back on sale.
        await offer.ReleaseAsync(serverTrade);
        var after = await offer.GetAsync();
        Assert.Equal((300L, 0L, 700L, 0L), (after.RemainingWh, after.PendingWh, after.SoldWh, after.ReleasedWh));
        AssertAddsUp(after);
    }

    [Fact]
    public async Task A_cancel_recorded_from_the_chain_is_undone_by_a_reorganisation()
    {
        var offer = _t.Offer(Guid.NewGuid());
        await offer.CreateFromChainAsync(Command(Names.Market()));
        await offer.ApplyChainTradeAsync(Guid.NewGuid(), Names.User("buyer"), 1_000);

        await offer.CloseFromChainAsync();
        var closed = await offer.GetAsync();
        Assert.Equal((OfferStatus.Cancelled, 0L, 4_000L), (closed.Status, closed.RemainingWh, closed.ReleasedWh));

        await offer.ReopenFromChainAsync();
        await offer.ReopenFromChainAsync();
        var reopened = await offer.GetAsync();
        Assert.Equal((OfferStatus.PartiallyFilled, 4_000L, 0L, 1_000L), (reopened.Status, reopened.RemainingWh, reopened.ReleasedWh, reopened.SoldWh));
        AssertAddsUp(reopened);
    }

    [Fact]
    public async Task One_wallet_address_belongs_to_one_account()
    {
        var address = fixture.Client.GetGrain<IWalletAddressGrain>(WalletAddresses.Key("0x" + Guid.NewGuid().ToString("N") + "abcdef01"));
        var alice = Names.User("alice");
        var bob = Names.User("bob");

        await address.ClaimAsync(alice);
        await address.ClaimAsync(alice);
        await Trading.RefusedAsync(() => address.ClaimAsync(bob), ErrorKind.AlreadyExists, "address");
        await address.ReleaseAsync(bob);
        Assert.Equal(alice, await address.GetUserAsync());

        await address.ReleaseAsync(alice);
        Assert.Null(await address.GetUserAsync());
        await address.ClaimAsync(bob);
        Assert.Equal(bob, await address.GetUserAsync());
    }

    [Fact]
    public void Unlinked_wallet_ids_are_recognised_and_never_valid_user_ids()
    {
        var id = WalletAddresses.UnlinkedUserId("0xAbCdEf0123456789abcdef0123456789ABCDEF01");
        Assert.Equal("wallet:0xabcdef0123456789abcdef0123456789abcdef01", id);
        Assert.True(WalletAddresses.IsUnlinkedUserId(id));
        Assert.False(WalletAddresses.IsUnlinkedUserId("wallet:0xabc"));
        Assert.False(WalletAddresses.IsUnlinkedUserId("wallet:0xABCDEF0123456789abcdef0123456789abcdef01"));
        Assert.Throws<TradingException>(() => Abstractions.Identity.Ids.RequireUserId(id, "userId"));
    }
}
