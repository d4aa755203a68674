namespace Enerlectra.Contracts.Tests;

/// <summary>executeTradeWithMobileMoney and processMobileMoneyPayment: operator only, one use per reference, no token money.</summary>
public sealed class MobileMoneyTests(ChainFixture chain) : ChainTest(chain)
{
    private static readonly byte[] OperatorRole = Nethereum.Util.Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes("OPERATOR_ROLE"));

    [Fact]
    public async Task Operator_records_a_mobile_money_trade_and_the_buyer_gets_the_energy()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 10_000, 250);
        const string reference = "mtn-5c1b0f7e-3d2a-4c8e-9b7f-1a2b3c4d5e6f";

        var receipt = await Trading(DevAccounts.Operator).SendAsync("executeTradeWithMobileMoney", id, Stranger, new BigInteger(4_000), reference);

        var trade = Assert.Single(EventsOf<TradeExecutedEvent>(receipt, TradingAddress));
        Assert.Equal(id, trade.OfferId);
        AssertAddress(Stranger, trade.Buyer);
        AssertAddress(Seller, trade.Seller);
        Assert.Equal(4_000, trade.EnergyAmount);
        Assert.Equal(1_000, trade.TotalPrice); // what the buyer paid off-chain, recorded with the same arithmetic
        Assert.Equal(3, trade.Fee); // ceil(2.5)
        Assert.Equal(PaymentMethod.MobileMoney, trade.PaymentMethod);

        var payment = Assert.Single(EventsOf<MobileMoneyPaymentReceivedEvent>(receipt, TradingAddress));
        AssertAddress(Stranger, payment.User);
        Assert.Equal(reference, payment.MobileMoneyRef);
        Assert.Equal(4_000, payment.EnergyAmount);
        Assert.Equal(id, payment.OfferId);

        var update = Assert.Single(EventsOf<EnergyOfferUpdatedEvent>(receipt, TradingAddress));
        Assert.Equal((new BigInteger(6_000), OfferStatus.Active), (update.RemainingAmount, update.Status));

        // The money moved off-chain: not one payment-token transfer, and nobody's token balance changed.
        Assert.Empty(EventsOf<TransferEvent>(receipt, Chain.PaymentTokenAddress));
        Assert.Equal(0, await MoneyOfAsync(Seller));
        Assert.Equal(0, await MoneyOfAsync(FeeRecipient));
        Assert.Equal(0, await MoneyOfAsync(Stranger));
        Assert.Equal(4_000, await EnergyOfAsync(Stranger));
        Assert.Equal(6_000, await EnergyOfAsync(TradingAddress));
        Assert.True(await Trading(DevAccounts.Stranger).CallAsync<bool>("isReferenceUsed", reference));
        Assert.False(await Trading(DevAccounts.Stranger).CallAsync<bool>("isReferenceUsed", reference + "x"));
    }

    [Fact]
    public async Task A_reference_pays_for_one_thing_only()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 10_000, 250);
        await Trading(DevAccounts.Operator).SendAsync("executeTradeWithMobileMoney", id, Buyer, new BigInteger(1_000), "ref-1");

        // Same reference again, for the same buyer, another buyer or another offer: refused.
        var other = await CreateOfferAsync(DevAccounts.Seller2, 10_000, 250);
        AssertError(await Trading(DevAccounts.Operator).ExpectRevertAsync("executeTradeWithMobileMoney", id, Buyer, new BigInteger(1_000), "ref-1"),
            "ReferenceAlreadyUsed", "ref-1");
        AssertError(await Trading(DevAccounts.Operator).ExpectRevertAsync("executeTradeWithMobileMoney", other, Buyer2, new BigInteger(1_000), "ref-1"),
            "ReferenceAlreadyUsed", "ref-1");
        // ... and the references are shared with processMobileMoneyPayment.
        AssertError(await Trading(DevAccounts.Operator).ExpectRevertAsync("processMobileMoneyPayment", Buyer, "ref-1", new BigInteger(1_000)),
            "ReferenceAlreadyUsed", "ref-1");

        Assert.Equal(9_000, (await GetOfferAsync(id)).RemainingAmount);
        Assert.Equal(1_000, await EnergyOfAsync(Buyer));
    }

    [Theory]
    [InlineData(nameof(DevAccounts.Buyer))]
    [InlineData(nameof(DevAccounts.Seller))]
    [InlineData(nameof(DevAccounts.Admin))] // the admin is not an operator
    public async Task Only_the_operator_records_mobile_money_trades(string who)
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 10_000, 250);
        var key = TokenTests.KeyOf(who);
        var error = await Trading(key).ExpectRevertAsync("executeTradeWithMobileMoney", id, Buyer, new BigInteger(1_000), "forged-1");
        AssertError(error, "AccessControlUnauthorizedAccount", DevAccounts.AddressOf(key), OperatorRole);
        Assert.Equal(10_000, (await GetOfferAsync(id)).RemainingAmount);
        Assert.False(await Trading(DevAccounts.Stranger).CallAsync<bool>("isReferenceUsed", "forged-1"));
    }

    [Theory]
    [InlineData(nameof(DevAccounts.Buyer))]
    [InlineData(nameof(DevAccounts.Admin))]
    public async Task Only_the_operator_processes_mobile_money_payments(string who)
    {
        var key = TokenTests.KeyOf(who);
        var error = await Trading(key).ExpectRevertAsync("processMobileMoneyPayment", Buyer, "forged-2", new BigInteger(1_000));
        AssertError(error, "AccessControlUnauthorizedAccount", DevAccounts.AddressOf(key), OperatorRole);
    }

    [Fact]
    public async Task An_offer_that_refuses_mobile_money_cannot_be_sold_by_mobile_money()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 10_000, 250, acceptMobileMoney: false);
        AssertError(await Trading(DevAccounts.Operator).ExpectRevertAsync("executeTradeWithMobileMoney", id, Buyer, new BigInteger(1_000), "ref-nm"),
            "MobileMoneyNotAccepted", id);

        // On-chain buyers are still welcome.
        await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, new BigInteger(1_000));
    }

    [Fact]
    public async Task Mobile_money_trades_check_buyer_reference_and_amount()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 5_000, 250);
        var op = Trading(DevAccounts.Operator);
        AssertError(await op.ExpectRevertAsync("executeTradeWithMobileMoney", id, Seller, new BigInteger(1_000), "r-self"), "SelfTrade", id);
        AssertError(await op.ExpectRevertAsync("executeTradeWithMobileMoney", id, TokenTests.ZeroAddress, new BigInteger(1_000), "r-zero"), "ZeroAddress");
        AssertError(await op.ExpectRevertAsync("executeTradeWithMobileMoney", id, Buyer, new BigInteger(1_000), ""), "InvalidReference");
        AssertError(await op.ExpectRevertAsync("executeTradeWithMobileMoney", id, Buyer, new BigInteger(1_000), new string('r', 129)), "InvalidReference");
        AssertError(await op.ExpectRevertAsync("executeTradeWithMobileMoney", id, Buyer, new BigInteger(5_001), "r-big"), "InsufficientRemaining", id, 5_001, 5_000);
        AssertError(await op.ExpectRevertAsync("executeTradeWithMobileMoney", new BigInteger(99), Buyer, new BigInteger(1_000), "r-none"), "OfferNotFound", 99);

        // A refused trade does not burn its reference: the same one works once the request is right.
        await op.SendAsync("executeTradeWithMobileMoney", id, Buyer, new BigInteger(5_000), "r-big");
        Assert.Equal(OfferStatus.Filled, (await GetOfferAsync(id)).Status);

        // The longest reference allowed is 128 characters.
        var id2 = await CreateOfferAsync(DevAccounts.Seller, 5_000, 250);
        await op.SendAsync("executeTradeWithMobileMoney", id2, Buyer, BigInteger.Zero, new string('r', 128));
        Assert.Equal(10_000, await EnergyOfAsync(Buyer));
    }

    [Fact]
    public async Task Mobile_money_partial_fills_mix_with_on_chain_ones()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 6_000, 300);
        await Trading(DevAccounts.Operator).SendAsync("executeTradeWithMobileMoney", id, Stranger, new BigInteger(2_500), "mix-1");
        await Trading(DevAccounts.Buyer).SendAsync("executeTradeWithBlockchain", id, new BigInteger(2_500));
        var last = await Trading(DevAccounts.Operator).SendAsync("executeTradeWithMobileMoney", id, Stranger, BigInteger.Zero, "mix-2");

        Assert.Equal(1_000, Assert.Single(EventsOf<TradeExecutedEvent>(last, TradingAddress)).EnergyAmount);
        Assert.Equal(OfferStatus.Filled, (await GetOfferAsync(id)).Status);
        Assert.Equal(3_500, await EnergyOfAsync(Stranger));
        Assert.Equal(2_500, await EnergyOfAsync(Buyer));
        // Only the on-chain fill paid in tokens: 750 ngwee, fee ceil(1.875) = 2.
        Assert.Equal(748, await MoneyOfAsync(Seller));
        Assert.Equal(2, await MoneyOfAsync(FeeRecipient));
    }

    [Fact]
    public async Task Operator_credits_a_mobile_money_payment_from_its_own_energy_once()
    {
        // The operator's inventory is metered energy like anyone's (nothing is minted by the payment itself).
        await Energy(DevAccounts.Operator).SendAsync("mintGeneration", Operator, new BigInteger(20_000), ChainFixture.ReadingId("platform-array"));
        await Energy(DevAccounts.Operator).SendAsync("approve", TradingAddress, new BigInteger(20_000));
        var supply = await Energy(DevAccounts.Stranger).CallAsync<BigInteger>("totalSupply");

        var receipt = await Trading(DevAccounts.Operator).SendAsync("processMobileMoneyPayment", Stranger, "airtel-778899", new BigInteger(7_500));

        var payment = Assert.Single(EventsOf<MobileMoneyPaymentReceivedEvent>(receipt, TradingAddress));
        AssertAddress(Stranger, payment.User);
        Assert.Equal("airtel-778899", payment.MobileMoneyRef);
        Assert.Equal(7_500, payment.EnergyAmount);
        Assert.Equal(0, payment.OfferId); // not tied to an offer
        Assert.Empty(EventsOf<TradeExecutedEvent>(receipt, TradingAddress));
        Assert.Empty(EventsOf<TransferEvent>(receipt, Chain.PaymentTokenAddress));
        Assert.Equal(7_500, await EnergyOfAsync(Stranger));
        Assert.Equal(12_500, await EnergyOfAsync(Operator));
        Assert.Equal(supply, await Energy(DevAccounts.Stranger).CallAsync<BigInteger>("totalSupply"));

        AssertError(await Trading(DevAccounts.Operator).ExpectRevertAsync("processMobileMoneyPayment", Stranger, "airtel-778899", new BigInteger(7_500)),
            "ReferenceAlreadyUsed", "airtel-778899");
        // ... including for an offer trade.
        var id = await CreateOfferAsync(DevAccounts.Seller, 5_000, 250);
        AssertError(await Trading(DevAccounts.Operator).ExpectRevertAsync("executeTradeWithMobileMoney", id, Buyer, new BigInteger(1_000), "airtel-778899"),
            "ReferenceAlreadyUsed", "airtel-778899");
        Assert.Equal(7_500, await EnergyOfAsync(Stranger));
    }

    [Fact]
    public async Task Mobile_money_payments_check_user_amount_reference_and_inventory()
    {
        var op = Trading(DevAccounts.Operator);
        AssertError(await op.ExpectRevertAsync("processMobileMoneyPayment", Buyer, "p-0", BigInteger.Zero), "InvalidAmount", 0);
        AssertError(await op.ExpectRevertAsync("processMobileMoneyPayment", TokenTests.ZeroAddress, "p-1", new BigInteger(1_000)), "ZeroAddress");
        AssertError(await op.ExpectRevertAsync("processMobileMoneyPayment", Buyer, "", new BigInteger(1_000)), "InvalidReference");
        // The operator has not approved (nor holds) any energy: the token refuses and the reference stays unused.
        AssertError(await op.ExpectRevertAsync("processMobileMoneyPayment", Buyer, "p-2", new BigInteger(1_000)),
            "ERC20InsufficientAllowance", TradingAddress, 0, 1_000);
        Assert.False(await Trading(DevAccounts.Stranger).CallAsync<bool>("isReferenceUsed", "p-2"));
    }
}
