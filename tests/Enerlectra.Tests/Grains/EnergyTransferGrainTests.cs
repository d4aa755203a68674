using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Exchange.Model;
using Enerlectra.Tests.Support;
using Xunit;

namespace Enerlectra.Tests.Grains;

/// <summary>
/// Metered energy moved from the wallet into a market's trading account on a real cluster: in two phases, so it is
/// credited exactly once even when the market could not say whether it saved the credit, and then it sells on the book.
/// </summary>
[Collection(MoneyCollection.Name)]
public sealed class EnergyTransferGrainTests(MoneyClusterFixture fixture)
{
    private readonly Trading _t = new(fixture.Client);
    private readonly MoneyMoves _money = new(fixture);

    [Fact]
    public async Task Energy_moves_from_the_wallet_into_the_market_once_and_then_sells_on_the_book()
    {
        var seller = await _t.SellerWithAsync(10_000);
        var market = fixture.Market;
        var id = fixture.Ids.EnergyTransferId(seller, "t-1");

        var transfer = await _t.Wallet(seller).TransferToMarketAsync(id, market, 4_000, "t-1");

        Assert.Equal((EnergyTransferStatus.Completed, 4_000L, market), (transfer.Status, transfer.EnergyWh, transfer.MarketId));
        var wallet = await _t.Wallet(seller).GetAsync();
        Assert.Equal((6_000L, 0L, 4_000L, 10_000L), (wallet.AvailableWh, wallet.TransferringWh, wallet.TransferredWh, wallet.GeneratedWh));
        var account = await _money.Book(market).GetAccountAsync(seller);
        Assert.Equal((4_000L, 4_000L), (account.EnergyAvailableWh, account.GeneratedWh));

        // The same transfer again is the same transfer; other terms under its key, too much, or nowhere are refused.
        Assert.Equal(transfer, await _t.Wallet(seller).TransferToMarketAsync(id, market, 4_000, "t-1"));
        await Trading.RefusedAsync(() => _t.Wallet(seller).TransferToMarketAsync(id, market, 5_000, "t-1"), ErrorKind.AlreadyExists, "idempotencyKey");
        var other = fixture.Ids.EnergyTransferId(seller, "t-2");
        await Trading.RefusedAsync(() => _t.Wallet(seller).TransferToMarketAsync(other, market, 6_001, "t-2"), ErrorKind.FailedPrecondition, "energyWh");
        await Trading.RefusedAsync(() => _t.Wallet(seller).TransferToMarketAsync(other, market, 0, "t-2"), ErrorKind.InvalidArgument, "energyWh");
        await Trading.RefusedAsync(() => _t.Wallet(seller).TransferToMarketAsync(other, "no-such-market", 1_000, "t-2"), ErrorKind.NotFound, "marketId");
        Assert.Equal(6_000, (await _t.Wallet(seller).GetAsync()).AvailableWh);
        Assert.Equal(4_000, (await _money.Book(market).GetAccountAsync(seller)).EnergyAvailableWh);

        // On the book: a buyer with money in the same market takes it.
        var buyer = Names.User("buyer");
        await _money.FundAsync(buyer, market, 10_000);
        Assert.True((await _money.Book(market).PlaceOrderAsync(new OrderSpec(seller, "s-1", Side.Sell, 4_000, 1_000))).Accepted);
        var bought = await _money.Book(market).PlaceOrderAsync(new OrderSpec(buyer, "b-1", Side.Buy, 3_000, 1_000));
        Assert.Equal(3_000, bought.Trades.Sum(t => t.QuantityWh));
        var sold = await _money.Book(market).GetAccountAsync(seller);
        Assert.Equal((0L, 1_000L, 3_000L), (sold.EnergyAvailableWh, sold.EnergyReservedWh, sold.SoldWh));
        Assert.Equal(3_000, (await _money.Book(market).GetAccountAsync(buyer)).EnergyAvailableWh);
        await _money.AssertBalancedAsync(market);
    }

    [Theory]
    [InlineData(JournalFault.BeforeWriting)]
    [InlineData(JournalFault.AfterWriting)]
    public async Task A_transfer_the_market_could_not_confirm_is_finished_later_exactly_once(JournalFault fault)
    {
        var seller = await _t.SellerWithAsync(10_000);
        var market = fixture.Market;
        var id = fixture.Ids.EnergyTransferId(seller, "t-1");
        fixture.Journal.Break(market, fault);
        try
        {
            var pending = await _t.Wallet(seller).TransferToMarketAsync(id, market, 7_000, "t-1");

            // Set aside in the wallet, not yet confirmed by the market: neither available nor transferred.
            Assert.Equal(EnergyTransferStatus.Pending, pending.Status);
            var wallet = await _t.Wallet(seller).GetAsync();
            Assert.Equal((3_000L, 7_000L, 0L), (wallet.AvailableWh, wallet.TransferringWh, wallet.TransferredWh));
        }
        finally
        {
            fixture.Journal.Repair(market);
        }

        // Finished by the wallet on its own (or by the same request again), and credited once however it went.
        var done = await Eventually.UntilAsync(() => _t.Wallet(seller).GetAsync(), w => w.TransferringWh == 0, "the transfer to complete");
        Assert.Equal((3_000L, 7_000L), (done.AvailableWh, done.TransferredWh));
        Assert.Equal(EnergyTransferStatus.Completed, (await _t.Wallet(seller).TransferToMarketAsync(id, market, 7_000, "t-1")).Status);
        var account = await _money.Book(market).GetAccountAsync(seller);
        Assert.Equal((7_000L, 7_000L), (account.EnergyAvailableWh, account.GeneratedWh));
        await _money.AssertBalancedAsync(market);
    }
}
