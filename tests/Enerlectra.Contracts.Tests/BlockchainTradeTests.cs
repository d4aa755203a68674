using Enerlectra.Abstractions.Pricing;

namespace Enerlectra.Contracts.Tests;

/// <summary>executeTradeWithBlockchain: the price and fee arithmetic, who ends up with what, partial fills, refusals.</summary>
public sealed class BlockchainTradeTests(ChainFixture chain) : ChainTest(chain)
{
    public static TheoryData<long, long, long> PriceCases => new()
    {
        // (offer Wh, ngwee per kWh, Wh bought)
        { 10_000, 250, 4_000 }, // README example: 4 kWh at ZMW 2.50 = 1,000 ngwee, fee ceil(2.5) = 3, seller 997
        { 1_000, 1, 1_000 }, // 1 ngwee: the fee rounds up to 1, all of it; the seller gets 0
        { 2_000, 1, 1_001 }, // 1.001 ngwee rounds up to 2: a part-ngwee is never given away
        { 5_000, 333, 1_234 }, // 410.922 -> 411 ngwee, fee ceil(1.0275) = 2
        { 5_000, 7, 3_999 }, // 27.993 -> 28 ngwee, fee ceil(0.07) = 1
        { 1_000, 99_999, 1 }, // a single Wh: 99.999 -> 100 ngwee
        { 10_000, 100_000, 10_000 }, // ZMW 10,000: fee exactly 2,500 ngwee
        { 10_000_000, 100_000, 10_000_000 }, // the largest trade possible: 10^9 ngwee, fee 2,500,000
        { 10_000_000, 12_345, 9_999_999 }, // large and uneven
    };

    [Theory]
    [MemberData(nameof(PriceCases))]
    public async Task Buyer_pays_the_rounded_up_price_seller_gets_it_less_the_rounded_up_fee(long offerWh, long price, long boughtWh)
    {
        var (total, fee, sellerNet) = ExpectedPrice(boughtWh, price);
        Assert.Equal(total, sellerNet + fee);
        var id = await CreateOfferAsync(DevAccounts.Seller, offerWh, price);

        // The contract's own quote agrees with the reference model.
        var quote = await Trading(DevAccounts.Buyer).CallDtoAsync<PriceOutput>("calculatePrice", new BigInteger(boughtWh), new BigInteger(price));
        Assert.Equal((total, fee, sellerNet), (quote.TotalPrice, quote.Fee, quote.SellerAmount));

        var receipt = await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, new BigInteger(boughtWh));

        var trade = Assert.Single(EventsOf<TradeExecutedEvent>(receipt, TradingAddress));
        Assert.Equal(id, trade.OfferId);
        AssertAddress(Buyer, trade.Buyer);
        AssertAddress(Seller, trade.Seller);
        Assert.Equal(boughtWh, trade.EnergyAmount);
        Assert.Equal(total, trade.TotalPrice);
        Assert.Equal(fee, trade.Fee);
        Assert.Equal(PaymentMethod.Blockchain, trade.PaymentMethod);

        // Every balance, to the ngwee and the Wh: nothing created, nothing lost.
        Assert.Equal(ChainFixture.BuyerNgwee - total, await MoneyOfAsync(Buyer));
        Assert.Equal(sellerNet, await MoneyOfAsync(Seller));
        Assert.Equal(fee, await MoneyOfAsync(FeeRecipient));
        Assert.Equal(0, await MoneyOfAsync(TradingAddress));
        Assert.Equal(boughtWh, await EnergyOfAsync(Buyer));
        Assert.Equal(offerWh - boughtWh, await EnergyOfAsync(TradingAddress));
        Assert.Equal(ChainFixture.SellerEnergyWh - offerWh, await EnergyOfAsync(Seller));

        var offer = await GetOfferAsync(id);
        Assert.Equal(offerWh - boughtWh, offer.RemainingAmount);
        Assert.Equal(offerWh == boughtWh ? OfferStatus.Filled : OfferStatus.Active, offer.Status);
    }

    [Fact]
    public async Task Payment_token_moves_exactly_seller_net_and_fee()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 10_000, 250);
        var receipt = await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, new BigInteger(4_000));

        var payments = EventsOf<TransferEvent>(receipt, Chain.PaymentTokenAddress);
        Assert.Equal(2, payments.Count);
        AssertAddress(Buyer, payments[0].From);
        AssertAddress(Seller, payments[0].To);
        Assert.Equal(997, payments[0].Value);
        AssertAddress(Buyer, payments[1].From);
        AssertAddress(FeeRecipient, payments[1].To);
        Assert.Equal(3, payments[1].Value);

        var energy = Assert.Single(EventsOf<TransferEvent>(receipt, Chain.EnergyTokenAddress));
        AssertAddress(TradingAddress, energy.From);
        AssertAddress(Buyer, energy.To);
        Assert.Equal(4_000, energy.Value);
    }

    [Fact]
    public async Task A_one_ngwee_trade_is_all_fee_and_moves_no_empty_transfer_to_the_seller()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 1_000, 1);
        var receipt = await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, BigInteger.Zero);
        var payment = Assert.Single(EventsOf<TransferEvent>(receipt, Chain.PaymentTokenAddress));
        AssertAddress(FeeRecipient, payment.To);
        Assert.Equal(1, payment.Value);
        Assert.Equal(0, await MoneyOfAsync(Seller));
    }

    [Fact]
    public async Task Without_a_fee_no_fee_transfer_is_made()
    {
        await Trading(DevAccounts.Admin).SendAsync("setFeeBps", BigInteger.Zero);
        var id = await CreateOfferAsync(DevAccounts.Seller, 1_000, 1);
        var receipt = await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, BigInteger.Zero);
        var payment = Assert.Single(EventsOf<TransferEvent>(receipt, Chain.PaymentTokenAddress));
        AssertAddress(Seller, payment.To);
        Assert.Equal(1, payment.Value);
    }

    public static TheoryData<long, long, long> SmallTrades => new()
    {
        // (offer Wh, ngwee per kWh, Wh bought): purchases whose 0.25% fee used to round down, mostly to nothing.
        { 1_000, 399, 1_000 }, // 399 ngwee: fee ceil(0.9975) = 1 (was 0)
        { 1_000, 1, 1 }, // a thousandth of a ngwee: costs 1, all fee
        { 5_000, 7, 3_999 }, // 28 ngwee: fee 1
        { 10_000, 250, 1_000 }, // 250 ngwee: fee 1
        { 10_000, 100_000, 3 }, // 300 ngwee: fee 1
        { 2_000, 1_999, 2_000 }, // 3,998 ngwee: fee ceil(9.995) = 10 (was 9)
    };

    [Theory]
    [MemberData(nameof(SmallTrades))]
    public async Task A_small_trade_pays_a_non_zero_fee_identical_to_the_servers_TradePricing(long offerWh, long price, long boughtWh)
    {
        // The server prices mobile money and wallet payments with TradePricing.Price; the chain must agree exactly.
        var server = TradePricing.Price(boughtWh, price, DefaultFeeBps);
        Assert.True(server.FeeNgwee > 0);
        var id = await CreateOfferAsync(DevAccounts.Seller, offerWh, price);

        var quote = await Trading(DevAccounts.Buyer).CallDtoAsync<PriceOutput>("calculatePrice", new BigInteger(boughtWh), new BigInteger(price));
        Assert.Equal(server, new TradePrice((long)quote.TotalPrice, (long)quote.Fee, (long)quote.SellerAmount));

        var receipt = await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, new BigInteger(boughtWh));
        var trade = Assert.Single(EventsOf<TradeExecutedEvent>(receipt, TradingAddress));
        Assert.Equal((server.AmountNgwee, server.FeeNgwee), ((long)trade.TotalPrice, (long)trade.Fee));
        Assert.Equal(server.FeeNgwee, await MoneyOfAsync(FeeRecipient));
        Assert.Equal(server.SellerNetNgwee, await MoneyOfAsync(Seller));
        Assert.Equal(ChainFixture.BuyerNgwee - server.AmountNgwee, await MoneyOfAsync(Buyer));
    }

    [Fact]
    public async Task Partial_fills_until_the_offer_is_filled()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 10_000, 250);

        var first = await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, new BigInteger(3_000));
        var update = Assert.Single(EventsOf<EnergyOfferUpdatedEvent>(first, TradingAddress));
        Assert.Equal((id, new BigInteger(7_000), OfferStatus.Active), (update.OfferId, update.RemainingAmount, update.Status));

        var second = await Trading(DevAccounts.Buyer2).SendAsync("executeTradeWithBlockchain", id, new BigInteger(2_000));
        update = Assert.Single(EventsOf<EnergyOfferUpdatedEvent>(second, TradingAddress));
        Assert.Equal((new BigInteger(5_000), OfferStatus.Active), (update.RemainingAmount, update.Status));

        // 0 takes whatever remains (as the server's energyWh 0 does).
        var last = await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, BigInteger.Zero);
        Assert.Equal(5_000, Assert.Single(EventsOf<TradeExecutedEvent>(last, TradingAddress)).EnergyAmount);
        update = Assert.Single(EventsOf<EnergyOfferUpdatedEvent>(last, TradingAddress));
        Assert.Equal((BigInteger.Zero, OfferStatus.Filled), (update.RemainingAmount, update.Status));

        Assert.Equal(8_000, await EnergyOfAsync(Buyer));
        Assert.Equal(2_000, await EnergyOfAsync(Buyer2));
        Assert.Equal(0, await EnergyOfAsync(TradingAddress));
        // Each fill is priced on its own: 750 + 500 + 1,250 ngwee, fees ceil(1.875) + ceil(1.25) + ceil(3.125).
        Assert.Equal(748 + 498 + 1_246, await MoneyOfAsync(Seller));
        Assert.Equal(2 + 2 + 4, await MoneyOfAsync(FeeRecipient));

        var error = await Trading(DevAccounts.Buyer).ExpectRevertAsync("executeTradeWithBlockchain", id, new BigInteger(1));
        AssertError(error, "OfferNotActive", id, (byte)OfferStatus.Filled);
    }

    [Fact]
    public async Task Buying_more_than_remains_is_refused()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 5_000, 250);
        await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, new BigInteger(4_000));

        var error = await Trading(DevAccounts.Buyer2).ExpectRevertAsync("executeTradeWithBlockchain", id, new BigInteger(1_001));
        AssertError(error, "InsufficientRemaining", id, 1_001, 1_000);
        Assert.Equal(1_000, (await GetOfferAsync(id)).RemainingAmount);
        Assert.Equal(ChainFixture.BuyerNgwee, await MoneyOfAsync(Buyer2));
    }

    [Fact]
    public async Task Seller_cannot_buy_their_own_offer()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 5_000, 250);
        await Money(DevAccounts.Admin).SendAsync("mint", Seller, new BigInteger(10_000));
        await Money(DevAccounts.Seller).SendAsync("approve", TradingAddress, new BigInteger(10_000));
        AssertError(await Trading(DevAccounts.Seller).ExpectRevertAsync("executeTradeWithBlockchain", id, new BigInteger(1_000)), "SelfTrade", id);
    }

    [Fact]
    public async Task Buying_an_unknown_offer_is_refused()
    {
        AssertError(await Trading(DevAccounts.Buyer).ExpectRevertAsync("executeTradeWithBlockchain", new BigInteger(7), new BigInteger(1_000)), "OfferNotFound", 7);
    }

    [Fact]
    public async Task Buying_a_cancelled_offer_is_refused()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 5_000, 250);
        await Trading(DevAccounts.Seller).SendAsync("cancelEnergyOffer", id);
        AssertError(await Trading(DevAccounts.Buyer).ExpectRevertAsync("executeTradeWithBlockchain", id, new BigInteger(1_000)),
            "OfferNotActive", id, (byte)OfferStatus.Cancelled);
    }

    [Fact]
    public async Task A_buyer_without_allowance_or_money_changes_nothing()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 5_000, 250);

        // No allowance: the first pull (the seller's share, 1,246 of 1,250 ngwee) fails inside the token.
        var error = await Trading(DevAccounts.Stranger).ExpectRevertAsync("executeTradeWithBlockchain", id, BigInteger.Zero);
        AssertError(error, "ERC20InsufficientAllowance", TradingAddress, 0, 1_246);

        // Allowance but no money.
        await Money(DevAccounts.Stranger).SendAsync("approve", TradingAddress, new BigInteger(1_250));
        error = await Trading(DevAccounts.Stranger).ExpectRevertAsync("executeTradeWithBlockchain", id, BigInteger.Zero);
        AssertError(error, "ERC20InsufficientBalance", Stranger, 0, 1_246);

        // The whole trade rolled back: the offer still has everything, nobody was paid.
        Assert.Equal(5_000, (await GetOfferAsync(id)).RemainingAmount);
        Assert.Equal(OfferStatus.Active, (await GetOfferAsync(id)).Status);
        Assert.Equal(0, await MoneyOfAsync(Seller));
        Assert.Equal(0, await EnergyOfAsync(Stranger));
    }
}
