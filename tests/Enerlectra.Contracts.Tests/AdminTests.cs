namespace Enerlectra.Contracts.Tests;

/// <summary>Pause, fee and fee recipient: admin only, bounded, and what they do to trading.</summary>
public sealed class AdminTests(ChainFixture chain) : ChainTest(chain)
{
    private static readonly byte[] AdminRole = new byte[32]; // DEFAULT_ADMIN_ROLE is 0x00

    [Fact]
    public async Task A_new_deployment_has_the_documented_settings()
    {
        var t = Trading(DevAccounts.Stranger);
        Assert.Equal(25, await t.CallAsync<BigInteger>("feeBps"));
        Assert.Equal(500, await t.CallAsync<BigInteger>("MAX_FEE_BPS"));
        AssertAddress(FeeRecipient, await t.CallAsync<string>("feeRecipient"));
        AssertAddress(Chain.EnergyTokenAddress, await t.CallAsync<string>("energyToken"));
        AssertAddress(Chain.PaymentTokenAddress, await t.CallAsync<string>("paymentToken"));
        Assert.False(await t.CallAsync<bool>("paused"));
        Assert.True(await t.CallAsync<bool>("hasRole", AdminRole, Admin));
        Assert.True(await t.CallAsync<bool>("hasRole", Nethereum.Util.Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes("OPERATOR_ROLE")), Operator));
    }

    [Fact]
    public async Task Pause_stops_trading_but_not_taking_your_energy_back()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 10_000, 250);
        var id2 = await CreateOfferAsync(DevAccounts.Seller2, 10_000, 250);
        var paused = await Trading(DevAccounts.Admin).SendAsync("pause");
        AssertAddress(Admin, Assert.Single(EventsOf<PausedEvent>(paused, TradingAddress)).Account);

        AssertError(await Trading(DevAccounts.Buyer).ExpectRevertAsync("executeTradeWithBlockchain", id, new BigInteger(1_000)), "EnforcedPause");
        AssertError(await Trading(DevAccounts.Operator).ExpectRevertAsync("executeTradeWithMobileMoney", id, Buyer, new BigInteger(1_000), "pz-1"), "EnforcedPause");
        AssertError(await Trading(DevAccounts.Operator).ExpectRevertAsync("processMobileMoneyPayment", Buyer, "pz-2", new BigInteger(1_000)), "EnforcedPause");
        AssertError(await Trading(DevAccounts.Seller).ExpectRevertAsync(
            "createEnergyOffer", new BigInteger(1_000), new BigInteger(250), await ExpiryInAsync(Day), true), "EnforcedPause");

        // Sellers can always reclaim their escrow, paused or not.
        await Trading(DevAccounts.Seller2).SendAsync("cancelEnergyOffer", id2);
        Assert.Equal(ChainFixture.SellerEnergyWh, await EnergyOfAsync(Seller2));

        var unpaused = await Trading(DevAccounts.Admin).SendAsync("unpause");
        AssertAddress(Admin, Assert.Single(EventsOf<UnpausedEvent>(unpaused, TradingAddress)).Account);
        await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, new BigInteger(1_000));
        Assert.Equal(1_000, await EnergyOfAsync(Buyer));
    }

    [Theory]
    [InlineData(nameof(DevAccounts.Operator))]
    [InlineData(nameof(DevAccounts.Stranger))]
    public async Task Only_the_admin_pauses_and_sets_fees(string who)
    {
        var key = TokenTests.KeyOf(who);
        var address = DevAccounts.AddressOf(key);
        var t = Trading(key);
        AssertError(await t.ExpectRevertAsync("pause"), "AccessControlUnauthorizedAccount", address, AdminRole);
        AssertError(await t.ExpectRevertAsync("setFeeBps", new BigInteger(10)), "AccessControlUnauthorizedAccount", address, AdminRole);
        AssertError(await t.ExpectRevertAsync("setFeeRecipient", Stranger), "AccessControlUnauthorizedAccount", address, AdminRole);

        await Trading(DevAccounts.Admin).SendAsync("pause");
        AssertError(await t.ExpectRevertAsync("unpause"), "AccessControlUnauthorizedAccount", address, AdminRole);
    }

    [Fact]
    public async Task Pausing_twice_or_unpausing_a_running_contract_is_refused()
    {
        AssertError(await Trading(DevAccounts.Admin).ExpectRevertAsync("unpause"), "ExpectedPause");
        await Trading(DevAccounts.Admin).SendAsync("pause");
        AssertError(await Trading(DevAccounts.Admin).ExpectRevertAsync("pause"), "EnforcedPause");
    }

    [Theory]
    [InlineData(0, 10_000, 250)] // no fee: the seller gets everything
    [InlineData(100, 10_000, 250)] // 1%
    [InlineData(500, 10_000, 250)] // the maximum, 5%
    [InlineData(500, 1_234, 333)] // 411 ngwee at 5% = 20.55 -> 21
    [InlineData(37, 9_999, 1_111)] // 11,109 ngwee at 0.37% = 41.1 -> 42
    public async Task A_new_fee_applies_to_later_trades(int feeBps, long energyWh, long price)
    {
        var receipt = await Trading(DevAccounts.Admin).SendAsync("setFeeBps", new BigInteger(feeBps));
        var changed = Assert.Single(EventsOf<FeeUpdatedEvent>(receipt, TradingAddress));
        Assert.Equal((new BigInteger(25), new BigInteger(feeBps)), (changed.OldFeeBps, changed.NewFeeBps));

        var id = await CreateOfferAsync(DevAccounts.Seller, 10_000, price);
        var (total, fee, sellerNet) = ExpectedPrice(energyWh, price, feeBps);
        var trade = Assert.Single(EventsOf<TradeExecutedEvent>(
            await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, new BigInteger(energyWh)), TradingAddress));

        Assert.Equal((total, fee), (trade.TotalPrice, trade.Fee));
        Assert.Equal(sellerNet, await MoneyOfAsync(Seller));
        Assert.Equal(fee, await MoneyOfAsync(FeeRecipient));
        Assert.Equal(total, await MoneyOfAsync(Seller) + await MoneyOfAsync(FeeRecipient));
        Assert.Equal(ChainFixture.BuyerNgwee - total, await MoneyOfAsync(Buyer));
    }

    [Fact]
    public async Task The_fee_cannot_exceed_the_maximum()
    {
        AssertError(await Trading(DevAccounts.Admin).ExpectRevertAsync("setFeeBps", new BigInteger(501)), "FeeTooHigh", 501, 500);
        Assert.Equal(25, await Trading(DevAccounts.Stranger).CallAsync<BigInteger>("feeBps"));
    }

    [Fact]
    public async Task Fees_go_to_the_new_recipient()
    {
        var receipt = await Trading(DevAccounts.Admin).SendAsync("setFeeRecipient", Stranger);
        var changed = Assert.Single(EventsOf<FeeRecipientUpdatedEvent>(receipt, TradingAddress));
        AssertAddress(FeeRecipient, changed.OldRecipient);
        AssertAddress(Stranger, changed.NewRecipient);

        var id = await CreateOfferAsync(DevAccounts.Seller, 10_000, 250);
        await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, new BigInteger(4_000));
        Assert.Equal(3, await MoneyOfAsync(Stranger)); // 1,000 ngwee: fee ceil(2.5)
        Assert.Equal(0, await MoneyOfAsync(FeeRecipient));

        AssertError(await Trading(DevAccounts.Admin).ExpectRevertAsync("setFeeRecipient", TokenTests.ZeroAddress), "ZeroAddress");
    }
}
