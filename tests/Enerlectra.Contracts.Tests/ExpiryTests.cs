namespace Enerlectra.Contracts.Tests;

/// <summary>Offers stop trading at expiresAt (chain time moved with evm_increaseTime/evm_mine) and can then be reclaimed.</summary>
public sealed class ExpiryTests(ChainFixture chain) : ChainTest(chain)
{
    [Fact]
    public async Task An_expired_offer_cannot_be_traded_but_can_be_reclaimed()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 10_000, 250, lifetimeSeconds: Day);
        await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, new BigInteger(1_000));
        var expiresAt = (await GetOfferAsync(id)).ExpiresAt;

        await Rpc.IncreaseTimeAsync(Day + 60);
        Assert.True(await Rpc.LatestTimestampAsync() >= expiresAt);

        AssertError(await Trading(DevAccounts.Buyer).ExpectRevertAsync("executeTradeWithBlockchain", id, new BigInteger(1_000)),
            "OfferExpired", id, expiresAt);
        AssertError(await Trading(DevAccounts.Operator).ExpectRevertAsync("executeTradeWithMobileMoney", id, Buyer, new BigInteger(1_000), "late-1"),
            "OfferExpired", id, expiresAt);

        // Expiry is not a stored status: the offer stays Active until someone reclaims it.
        Assert.Equal(OfferStatus.Active, (await GetOfferAsync(id)).Status);
        var receipt = await Trading(DevAccounts.Seller).SendAsync("cancelEnergyOffer", id);
        Assert.Equal(9_000, Assert.Single(EventsOf<EnergyOfferCancelledEvent>(receipt, TradingAddress)).ReturnedAmount);
        Assert.Equal(ChainFixture.SellerEnergyWh - 1_000, await EnergyOfAsync(Seller));
    }

    [Fact]
    public async Task The_operator_reclaims_expired_offers_for_their_sellers()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller2, 4_000, 250, lifetimeSeconds: 3600);
        await Rpc.IncreaseTimeAsync(7200);
        await Trading(DevAccounts.Operator).SendAsync("cancelEnergyOffer", id);
        Assert.Equal(ChainFixture.SellerEnergyWh, await EnergyOfAsync(Seller2));
        Assert.Equal(OfferStatus.Cancelled, (await GetOfferAsync(id)).Status);
    }

    [Fact]
    public async Task Trading_is_allowed_up_to_the_last_second_before_expiry()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 10_000, 250, lifetimeSeconds: Day);
        var expiresAt = (long)(await GetOfferAsync(id)).ExpiresAt;

        // The block that includes the trade is stamped exactly one second before expiry: still tradable.
        await Rpc.SetNextBlockTimestampAsync(expiresAt - 1);
        await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, new BigInteger(1_000));

        // At expiresAt itself the offer is expired (trading needs block.timestamp < expiresAt).
        await Rpc.SetNextBlockTimestampAsync(expiresAt);
        await Rpc.CallAsync("evm_mine");
        AssertError(await Trading(DevAccounts.Buyer).ExpectRevertAsync("executeTradeWithBlockchain", id, new BigInteger(1_000)),
            "OfferExpired", id, expiresAt);
        Assert.Equal(1_000, await EnergyOfAsync(Buyer));
    }
}
