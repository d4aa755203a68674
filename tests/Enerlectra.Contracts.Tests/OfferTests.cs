namespace Enerlectra.Contracts.Tests;

/// <summary>createEnergyOffer (limits, escrow, event) and cancelEnergyOffer (who may, what comes back).</summary>
public sealed class OfferTests(ChainFixture chain) : ChainTest(chain)
{
    [Fact]
    public async Task Creating_an_offer_escrows_the_energy_and_announces_it()
    {
        var expiresAt = await ExpiryInAsync(Day);
        var receipt = await Trading(DevAccounts.Seller).SendAsync("createEnergyOffer", new BigInteger(10_000), new BigInteger(250), expiresAt, true);

        var created = Assert.Single(EventsOf<EnergyOfferCreatedEvent>(receipt, TradingAddress));
        Assert.Equal(1, created.OfferId); // ids start at 1 so that 0 never names an offer
        AssertAddress(Seller, created.Seller);
        Assert.Equal(10_000, created.EnergyAmount);
        Assert.Equal(250, created.PricePerKwh);
        Assert.Equal(expiresAt, created.ExpiresAt);
        Assert.True(created.AcceptMobileMoney);

        // Escrow: the seller's Wh moved to the contract in the same transaction.
        var transfer = Assert.Single(EventsOf<TransferEvent>(receipt, Chain.EnergyTokenAddress));
        AssertAddress(Seller, transfer.From);
        AssertAddress(TradingAddress, transfer.To);
        Assert.Equal(10_000, transfer.Value);
        Assert.Equal(ChainFixture.SellerEnergyWh - 10_000, await EnergyOfAsync(Seller));
        Assert.Equal(10_000, await EnergyOfAsync(TradingAddress));

        var offer = await GetOfferAsync(1);
        AssertAddress(Seller, offer.Seller);
        Assert.Equal(OfferStatus.Active, offer.Status);
        Assert.Equal(10_000, offer.EnergyAmount);
        Assert.Equal(10_000, offer.RemainingAmount);
        Assert.Equal(250, offer.PricePerKwh);
        Assert.Equal(expiresAt, offer.ExpiresAt);
        Assert.True(offer.AcceptMobileMoney);
        Assert.True(offer.CreatedAt > 0 && offer.CreatedAt < expiresAt);

        Assert.Equal(2, await CreateOfferAsync(DevAccounts.Seller2, 5_000, 300, acceptMobileMoney: false));
        Assert.Equal(3, await Trading(DevAccounts.Stranger).CallAsync<BigInteger>("nextOfferId"));
        Assert.False((await GetOfferAsync(2)).AcceptMobileMoney);
        Assert.Equal(OfferStatus.None, (await GetOfferAsync(99)).Status);
    }

    [Theory]
    [InlineData(1_000)] // 1 kWh, the smallest offer
    [InlineData(10_000_000)] // 10,000 kWh, the largest
    public async Task Energy_limits_are_inclusive(long energyWh)
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, energyWh, 250);
        Assert.Equal(energyWh, (await GetOfferAsync(id)).RemainingAmount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(999)]
    [InlineData(10_000_001)]
    public async Task Energy_outside_1_to_10000_kWh_is_refused(long energyWh)
    {
        var error = await Trading(DevAccounts.Seller).ExpectRevertAsync(
            "createEnergyOffer", new BigInteger(energyWh), new BigInteger(250), await ExpiryInAsync(Day), true);
        AssertError(error, "InvalidAmount", energyWh);
        Assert.Equal(ChainFixture.SellerEnergyWh, await EnergyOfAsync(Seller));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_001)] // above ZMW 1,000 per kWh, the server's cap
    public async Task Price_must_be_positive_and_at_most_the_cap(long price)
    {
        var error = await Trading(DevAccounts.Seller).ExpectRevertAsync(
            "createEnergyOffer", new BigInteger(5_000), new BigInteger(price), await ExpiryInAsync(Day), true);
        AssertError(error, "InvalidPrice", price);
    }

    [Fact]
    public async Task The_highest_price_is_accepted()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 5_000, 100_000);
        Assert.Equal(100_000, (await GetOfferAsync(id)).PricePerKwh);
    }

    [Theory]
    [InlineData(-3600)] // an hour ago
    [InlineData(0)] // the latest block's own time: not in the future of the next block
    [InlineData(30 * Day + 3600)] // more than 30 days ahead
    public async Task Expiry_must_be_in_the_future_and_within_30_days(long offsetSeconds)
    {
        var expiresAt = await ExpiryInAsync(offsetSeconds);
        var error = await Trading(DevAccounts.Seller).ExpectRevertAsync(
            "createEnergyOffer", new BigInteger(5_000), new BigInteger(250), expiresAt, true);
        AssertError(error, "InvalidExpiry", expiresAt);
    }

    [Fact]
    public async Task Expiry_of_almost_30_days_is_accepted()
    {
        // 30 days from the latest block is at most 30 days from the (later) block that includes the transaction.
        var id = await CreateOfferAsync(DevAccounts.Seller, 5_000, 250, lifetimeSeconds: 30 * Day);
        Assert.Equal(OfferStatus.Active, (await GetOfferAsync(id)).Status);
    }

    [Fact]
    public async Task Offering_energy_you_have_not_approved_is_refused_by_the_token()
    {
        // The stranger holds energy but never approved the trading contract: the escrow pull fails.
        await Energy(DevAccounts.Operator).SendAsync("mintGeneration", Stranger, new BigInteger(5_000), ChainFixture.ReadingId("stranger"));
        var error = await Trading(DevAccounts.Stranger).ExpectRevertAsync(
            "createEnergyOffer", new BigInteger(5_000), new BigInteger(250), await ExpiryInAsync(Day), true);
        AssertError(error, "ERC20InsufficientAllowance", TradingAddress, 0, 5_000);
        Assert.Equal(1, await Trading(DevAccounts.Stranger).CallAsync<BigInteger>("nextOfferId")); // nothing recorded
    }

    [Fact]
    public async Task Offering_more_energy_than_you_hold_is_refused_by_the_token()
    {
        await Energy(DevAccounts.Stranger).SendAsync("approve", TradingAddress, new BigInteger(5_000));
        var error = await Trading(DevAccounts.Stranger).ExpectRevertAsync(
            "createEnergyOffer", new BigInteger(5_000), new BigInteger(250), await ExpiryInAsync(Day), true);
        AssertError(error, "ERC20InsufficientBalance", Stranger, 0, 5_000);
    }

    [Fact]
    public async Task Seller_cancels_and_gets_the_escrow_back()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 8_000, 250);
        var receipt = await Trading(DevAccounts.Seller).SendAsync("cancelEnergyOffer", id);

        var cancelled = Assert.Single(EventsOf<EnergyOfferCancelledEvent>(receipt, TradingAddress));
        Assert.Equal(id, cancelled.OfferId);
        AssertAddress(Seller, cancelled.Seller);
        Assert.Equal(8_000, cancelled.ReturnedAmount);
        AssertAddress(Seller, cancelled.CancelledBy);
        Assert.Equal(ChainFixture.SellerEnergyWh, await EnergyOfAsync(Seller));
        Assert.Equal(0, await EnergyOfAsync(TradingAddress));

        var offer = await GetOfferAsync(id);
        Assert.Equal(OfferStatus.Cancelled, offer.Status);
        Assert.Equal(0, offer.RemainingAmount);

        // Cancelling twice returns nothing more.
        AssertError(await Trading(DevAccounts.Seller).ExpectRevertAsync("cancelEnergyOffer", id), "OfferNotActive", id, (byte)OfferStatus.Cancelled);
    }

    [Fact]
    public async Task Operator_may_cancel_any_offer_and_the_energy_goes_to_the_seller()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 8_000, 250);
        var receipt = await Trading(DevAccounts.Operator).SendAsync("cancelEnergyOffer", id);

        var cancelled = Assert.Single(EventsOf<EnergyOfferCancelledEvent>(receipt, TradingAddress));
        AssertAddress(Seller, cancelled.Seller);
        AssertAddress(Operator, cancelled.CancelledBy);
        Assert.Equal(ChainFixture.SellerEnergyWh, await EnergyOfAsync(Seller));
        Assert.Equal(0, await EnergyOfAsync(Operator));
    }

    [Theory]
    [InlineData(nameof(DevAccounts.Buyer))]
    [InlineData(nameof(DevAccounts.Seller2))]
    [InlineData(nameof(DevAccounts.Admin))] // the admin is not an operator
    public async Task Nobody_else_may_cancel(string who)
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 8_000, 250);
        var key = TokenTests.KeyOf(who);
        AssertError(await Trading(key).ExpectRevertAsync("cancelEnergyOffer", id), "NotSeller", id, DevAccounts.AddressOf(key));
        Assert.Equal(OfferStatus.Active, (await GetOfferAsync(id)).Status);
        Assert.Equal(8_000, await EnergyOfAsync(TradingAddress));
    }

    [Fact]
    public async Task Cancelling_an_unknown_offer_is_refused()
    {
        AssertError(await Trading(DevAccounts.Seller).ExpectRevertAsync("cancelEnergyOffer", new BigInteger(42)), "OfferNotFound", 42);
        AssertError(await Trading(DevAccounts.Seller).ExpectRevertAsync("cancelEnergyOffer", BigInteger.Zero), "OfferNotFound", 0);
    }

    [Fact]
    public async Task Cancelling_after_a_partial_fill_returns_only_the_remainder()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 10_000, 250);
        await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, new BigInteger(3_500));

        var receipt = await Trading(DevAccounts.Seller).SendAsync("cancelEnergyOffer", id);
        Assert.Equal(6_500, Assert.Single(EventsOf<EnergyOfferCancelledEvent>(receipt, TradingAddress)).ReturnedAmount);
        Assert.Equal(ChainFixture.SellerEnergyWh - 3_500, await EnergyOfAsync(Seller));
        Assert.Equal(3_500, await EnergyOfAsync(Buyer));
        Assert.Equal(0, await EnergyOfAsync(TradingAddress));
    }

    [Fact]
    public async Task A_filled_offer_cannot_be_cancelled()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 2_000, 250);
        await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, BigInteger.Zero);
        AssertError(await Trading(DevAccounts.Seller).ExpectRevertAsync("cancelEnergyOffer", id), "OfferNotActive", id, (byte)OfferStatus.Filled);
    }
}
