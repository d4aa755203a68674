using Nethereum.ABI.FunctionEncoding.Attributes;

namespace Enerlectra.Contracts.Tests;

/// <summary>
/// Server-managed offers (mirrorEnergyOffer) and operator-executed wallet payments (executeTradeFor), both keyed by
/// the server's ids: idempotency, who may call, who pays whom, and the expiry rule (the server owns the expiry of its
/// mirrored offers; direct offers keep theirs everywhere).
/// </summary>
public sealed class ServerManagedTests(ChainFixture chain) : ChainTest(chain)
{
    private static readonly byte[] OperatorRole = Nethereum.Util.Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes("OPERATOR_ROLE"));

    /// <summary>The platform's energy inventory the operator mirrors offers from in these tests.</summary>
    private static readonly BigInteger InventoryWh = 30_000_000;

    private static readonly byte[] ZeroId = new byte[32];

    /// <summary>
    /// A server id as the contract stores it, written independently of ChainIds: 16 zero bytes, then the UUID's 16
    /// bytes in RFC 4122 (big-endian) order.
    /// </summary>
    private static byte[] ServerId(string uuid)
    {
        var hex = uuid.Replace("-", "", StringComparison.Ordinal);
        Assert.Equal(32, hex.Length);
        return [.. new byte[16], .. Convert.FromHexString(hex)];
    }

    private static readonly byte[] OfferA = ServerId("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static readonly byte[] OfferB = ServerId("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    private static readonly byte[] TradeA = ServerId("3fa85f64-5717-4562-b3fc-2c963f66afa6");
    private static readonly byte[] TradeB = ServerId("9b2c1d4e-0a3f-4e6b-8c7d-5f1e2a3b4c5d");
    private static readonly byte[] TradeC = ServerId("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f");

    /// <summary>Gives the operator metered energy and lets the contract escrow it (as the server's deployment does).</summary>
    private async Task StockInventoryAsync()
    {
        await Energy(DevAccounts.Operator).SendAsync("mintGeneration", Operator, InventoryWh, ChainFixture.ReadingId("platform-inventory"));
        await Energy(DevAccounts.Operator).SendAsync("approve", TradingAddress, InventoryWh);
    }

    private async Task<BigInteger> MirrorAsync(byte[] serverOfferId, BigInteger energyWh, BigInteger pricePerKwh, BigInteger? expiresAt = null)
    {
        var receipt = await Trading(DevAccounts.Operator).SendAsync(
            "mirrorEnergyOffer", serverOfferId, energyWh, pricePerKwh, expiresAt ?? await ExpiryInAsync(Day));
        return Assert.Single(EventsOf<OfferMirroredEvent>(receipt, TradingAddress)).OfferId;
    }

    // ------------------------------------------------------------------ mirrorEnergyOffer

    [Fact]
    public async Task Operator_mirrors_a_server_offer_from_its_inventory()
    {
        await StockInventoryAsync();
        var expiresAt = await ExpiryInAsync(2 * Day);
        var direct = await CreateOfferAsync(DevAccounts.Seller, 5_000, 250);

        var receipt = await Trading(DevAccounts.Operator).SendAsync("mirrorEnergyOffer", OfferA, new BigInteger(12_000), new BigInteger(275), expiresAt);

        var created = Assert.Single(EventsOf<EnergyOfferCreatedEvent>(receipt, TradingAddress));
        var id = direct + 1;
        Assert.Equal(id, created.OfferId);
        AssertAddress(Operator, created.Seller);
        Assert.Equal(12_000, created.EnergyAmount);
        Assert.Equal(275, created.PricePerKwh);
        Assert.Equal(expiresAt, created.ExpiresAt);
        Assert.True(created.AcceptMobileMoney);

        var mirrored = Assert.Single(EventsOf<OfferMirroredEvent>(receipt, TradingAddress));
        Assert.Equal(OfferA, mirrored.ServerOfferId);
        Assert.Equal(id, mirrored.OfferId);
        // EnergyOfferCreated first, then OfferMirrored (a listener sees the offer before its server id).
        var createdIndex = receipt.Logs.ToList().FindIndex(l => l.Topics[0]?.ToString() == "0x" + Nethereum.Util.Sha3Keccack.Current.CalculateHash("EnergyOfferCreated(uint256,address,uint256,uint256,uint256,bool)"));
        var mirroredIndex = receipt.Logs.ToList().FindIndex(l => l.Topics[0]?.ToString() == "0x" + Nethereum.Util.Sha3Keccack.Current.CalculateHash("OfferMirrored(bytes32,uint256)"));
        Assert.True(createdIndex >= 0 && createdIndex < mirroredIndex, $"EnergyOfferCreated at {createdIndex}, OfferMirrored at {mirroredIndex}");

        var offer = await GetOfferAsync(id);
        AssertAddress(Operator, offer.Seller);
        Assert.True(offer.AcceptMobileMoney);
        Assert.Equal(OfferStatus.Active, offer.Status);
        Assert.Equal((new BigInteger(12_000), new BigInteger(12_000), new BigInteger(275), expiresAt),
            (offer.EnergyAmount, offer.RemainingAmount, offer.PricePerKwh, offer.ExpiresAt));

        // The energy is escrowed from the operator's inventory.
        Assert.Equal(InventoryWh - 12_000, await EnergyOfAsync(Operator));
        Assert.Equal(5_000 + 12_000, await EnergyOfAsync(TradingAddress));

        // Both directions of the mapping; direct and unknown ids map to zero.
        var views = Trading(DevAccounts.Stranger);
        Assert.Equal(id, await views.CallAsync<BigInteger>("offerIdForServerOffer", OfferA));
        Assert.Equal(OfferA, await views.CallAsync<byte[]>("serverOfferIdOf", id));
        Assert.Equal(0, await views.CallAsync<BigInteger>("offerIdForServerOffer", OfferB));
        Assert.Equal(ZeroId, await views.CallAsync<byte[]>("serverOfferIdOf", direct));
        Assert.Equal(ZeroId, await views.CallAsync<byte[]>("serverOfferIdOf", new BigInteger(99)));
        Assert.Equal(id + 1, await views.CallAsync<BigInteger>("nextOfferId"));
    }

    [Fact]
    public async Task A_server_offer_is_mirrored_once_and_the_refusal_names_the_existing_id()
    {
        await StockInventoryAsync();
        var id = await MirrorAsync(OfferA, 10_000, 250);

        var error = await Trading(DevAccounts.Operator).ExpectRevertAsync("mirrorEnergyOffer", OfferA, new BigInteger(3_000), new BigInteger(100), await ExpiryInAsync(Day));
        AssertError(error, "OfferAlreadyMirrored", OfferA, id);

        // Still refused after the offer is filled or cancelled: a server id names one on-chain offer forever.
        await Trading(DevAccounts.Operator).SendAsync("cancelEnergyOffer", id);
        AssertError(await Trading(DevAccounts.Operator).ExpectRevertAsync("mirrorEnergyOffer", OfferA, new BigInteger(3_000), new BigInteger(100), await ExpiryInAsync(Day)),
            "OfferAlreadyMirrored", OfferA, id);

        // Only the first mirror escrowed energy (and it came back with the cancel); another id mirrors fine.
        Assert.Equal(InventoryWh, await EnergyOfAsync(Operator));
        var other = await MirrorAsync(OfferB, 3_000, 100);
        Assert.Equal(id + 1, other);
        Assert.Equal(other, await Trading(DevAccounts.Stranger).CallAsync<BigInteger>("offerIdForServerOffer", OfferB));
    }

    [Fact]
    public async Task The_zero_server_id_is_refused()
    {
        await StockInventoryAsync();
        AssertError(await Trading(DevAccounts.Operator).ExpectRevertAsync("mirrorEnergyOffer", ZeroId, new BigInteger(10_000), new BigInteger(250), await ExpiryInAsync(Day)),
            "InvalidServerId");
        Assert.Equal(1, await Trading(DevAccounts.Stranger).CallAsync<BigInteger>("nextOfferId"));
        Assert.Equal(InventoryWh, await EnergyOfAsync(Operator));
    }

    [Theory]
    [InlineData(nameof(DevAccounts.Seller))]
    [InlineData(nameof(DevAccounts.Buyer))]
    [InlineData(nameof(DevAccounts.Admin))] // the admin is not an operator
    public async Task Only_the_operator_mirrors_offers(string who)
    {
        var key = TokenTests.KeyOf(who);
        var error = await Trading(key).ExpectRevertAsync("mirrorEnergyOffer", OfferA, new BigInteger(10_000), new BigInteger(250), await ExpiryInAsync(Day));
        AssertError(error, "AccessControlUnauthorizedAccount", DevAccounts.AddressOf(key), OperatorRole);
        Assert.Equal(0, await Trading(DevAccounts.Stranger).CallAsync<BigInteger>("offerIdForServerOffer", OfferA));
    }

    [Fact]
    public async Task A_mirror_may_land_after_the_offer_expired_but_not_more_than_30_days_ahead()
    {
        await StockInventoryAsync();
        var now = await Rpc.LatestTimestampAsync();

        // Late after a chain outage: the server's offer expired an hour ago; the mirror is still recorded as is.
        var late = await MirrorAsync(OfferA, 10_000, 250, now - 3600);
        Assert.Equal(now - 3600, (await GetOfferAsync(late)).ExpiresAt);
        Assert.Equal(OfferStatus.Active, (await GetOfferAsync(late)).Status);
        // The smallest expiry there is: 1 (unix second one).
        var ancient = await MirrorAsync(OfferB, 1_000, 250, BigInteger.One);
        Assert.Equal(1, (await GetOfferAsync(ancient)).ExpiresAt);

        // Just inside the 30-day limit is fine ...
        var third = ServerId("11111111-2222-4333-8444-555555555555");
        var longest = await MirrorAsync(third, 1_000, 250, await ExpiryInAsync(30 * Day - 60));
        Assert.Equal(OfferStatus.Active, (await GetOfferAsync(longest)).Status);

        // ... beyond it, and 0, are not.
        var op = Trading(DevAccounts.Operator);
        var tooLong = await ExpiryInAsync(30 * Day + 3600);
        var fourth = ServerId("66666666-7777-4888-9999-aaaaaaaaaaaa");
        AssertError(await op.ExpectRevertAsync("mirrorEnergyOffer", fourth, new BigInteger(1_000), new BigInteger(250), tooLong), "InvalidExpiry", tooLong);
        AssertError(await op.ExpectRevertAsync("mirrorEnergyOffer", fourth, new BigInteger(1_000), new BigInteger(250), BigInteger.Zero), "InvalidExpiry", 0);
        Assert.Equal(0, await Trading(DevAccounts.Stranger).CallAsync<BigInteger>("offerIdForServerOffer", fourth));
        Assert.Equal(InventoryWh - 12_000, await EnergyOfAsync(Operator));
    }

    [Fact]
    public async Task Mirrors_check_amount_and_price_like_direct_offers()
    {
        await StockInventoryAsync();
        var op = Trading(DevAccounts.Operator);
        var expiresAt = await ExpiryInAsync(Day);
        AssertError(await op.ExpectRevertAsync("mirrorEnergyOffer", OfferA, new BigInteger(999), new BigInteger(250), expiresAt), "InvalidAmount", 999);
        AssertError(await op.ExpectRevertAsync("mirrorEnergyOffer", OfferA, new BigInteger(10_000_001), new BigInteger(250), expiresAt), "InvalidAmount", 10_000_001);
        AssertError(await op.ExpectRevertAsync("mirrorEnergyOffer", OfferA, new BigInteger(10_000), BigInteger.Zero, expiresAt), "InvalidPrice", 0);
        AssertError(await op.ExpectRevertAsync("mirrorEnergyOffer", OfferA, new BigInteger(10_000), new BigInteger(100_001), expiresAt), "InvalidPrice", 100_001);

        // The bounds themselves are accepted.
        await MirrorAsync(OfferA, 1_000, 1, expiresAt);
        await MirrorAsync(OfferB, 10_000_000, 100_000, expiresAt);
        Assert.Equal(InventoryWh - 10_001_000, await EnergyOfAsync(Operator));
    }

    [Fact]
    public async Task A_mirror_without_inventory_fails_in_the_token_and_records_nothing()
    {
        // The operator holds no energy and has approved none.
        AssertError(await Trading(DevAccounts.Operator).ExpectRevertAsync("mirrorEnergyOffer", OfferA, new BigInteger(10_000), new BigInteger(250), await ExpiryInAsync(Day)),
            "ERC20InsufficientAllowance", TradingAddress, 0, 10_000);
        Assert.Equal(0, await Trading(DevAccounts.Stranger).CallAsync<BigInteger>("offerIdForServerOffer", OfferA));
        Assert.Equal(1, await Trading(DevAccounts.Stranger).CallAsync<BigInteger>("nextOfferId"));
    }

    // ------------------------------------------------------------------ who trades a server-managed offer

    [Fact]
    public async Task A_server_managed_offer_cannot_be_bought_directly()
    {
        await StockInventoryAsync();
        var id = await MirrorAsync(OfferA, 10_000, 250);

        AssertError(await Trading(DevAccounts.Buyer).ExpectRevertAsync("executeTradeWithBlockchain", id, new BigInteger(1_000)), "ServerManagedOffer", id);
        AssertError(await Trading(DevAccounts.Buyer).ExpectRevertAsync("executeTradeWithBlockchain", id, BigInteger.Zero), "ServerManagedOffer", id);
        Assert.Equal(10_000, (await GetOfferAsync(id)).RemainingAmount);
        Assert.Equal(ChainFixture.BuyerNgwee, await MoneyOfAsync(Buyer));
        Assert.Equal(0, await EnergyOfAsync(Buyer));
    }

    [Fact]
    public async Task Only_an_operator_cancels_a_server_managed_offer()
    {
        await StockInventoryAsync();
        var id = await MirrorAsync(OfferA, 10_000, 250);
        await Trading(DevAccounts.Operator).SendAsync("executeTradeFor", TradeA, id, Buyer, new BigInteger(4_000));

        AssertError(await Trading(DevAccounts.Buyer).ExpectRevertAsync("cancelEnergyOffer", id), "ServerManagedOffer", id);
        AssertError(await Trading(DevAccounts.Admin).ExpectRevertAsync("cancelEnergyOffer", id), "ServerManagedOffer", id);

        // The seller is the operator's account; once it is no longer an operator it cannot cancel either, and the
        // new operator can (the escrow still goes back to the seller of record).
        await Trading(DevAccounts.Admin).SendAsync("grantRole", OperatorRole, Stranger);
        await Trading(DevAccounts.Admin).SendAsync("revokeRole", OperatorRole, Operator);
        AssertError(await Trading(DevAccounts.Operator).ExpectRevertAsync("cancelEnergyOffer", id), "ServerManagedOffer", id);

        var receipt = await Trading(DevAccounts.Stranger).SendAsync("cancelEnergyOffer", id);
        var cancelled = Assert.Single(EventsOf<EnergyOfferCancelledEvent>(receipt, TradingAddress));
        AssertAddress(Operator, cancelled.Seller);
        Assert.Equal(6_000, cancelled.ReturnedAmount);
        AssertAddress(Stranger, cancelled.CancelledBy);
        Assert.Equal(InventoryWh - 4_000, await EnergyOfAsync(Operator));
        Assert.Equal(OfferStatus.Cancelled, (await GetOfferAsync(id)).Status);

        // Direct offers keep the original rule: their seller cancels them.
        var direct = await CreateOfferAsync(DevAccounts.Seller, 5_000, 250);
        await Trading(DevAccounts.Seller).SendAsync("cancelEnergyOffer", direct);
        Assert.Equal(ChainFixture.SellerEnergyWh, await EnergyOfAsync(Seller));
    }

    // ------------------------------------------------------------------ executeTradeFor

    [Fact]
    public async Task Operator_buys_a_mirrored_offer_for_a_wallet_buyer_who_pays_from_their_allowance()
    {
        await StockInventoryAsync();
        var id = await MirrorAsync(OfferA, 10_000, 250);
        var (total, fee, sellerNet) = ExpectedPrice(10_000, 250);
        Assert.Equal((new BigInteger(2_500), new BigInteger(7), new BigInteger(2_493)), (total, fee, sellerNet));

        var receipt = await Trading(DevAccounts.Operator).SendAsync("executeTradeFor", TradeA, id, Buyer, BigInteger.Zero);

        var trade = Assert.Single(EventsOf<TradeExecutedEvent>(receipt, TradingAddress));
        Assert.Equal(id, trade.OfferId);
        AssertAddress(Buyer, trade.Buyer);
        AssertAddress(Operator, trade.Seller);
        Assert.Equal(10_000, trade.EnergyAmount);
        Assert.Equal(total, trade.TotalPrice);
        Assert.Equal(fee, trade.Fee);
        Assert.Equal(PaymentMethod.Blockchain, trade.PaymentMethod);

        var executed = Assert.Single(EventsOf<ServerTradeExecutedEvent>(receipt, TradingAddress));
        Assert.Equal(TradeA, executed.TradeRef);
        Assert.Equal(id, executed.OfferId);
        AssertAddress(Buyer, executed.Buyer);

        var update = Assert.Single(EventsOf<EnergyOfferUpdatedEvent>(receipt, TradingAddress));
        Assert.Equal((id, BigInteger.Zero, OfferStatus.Filled), (update.OfferId, update.RemainingAmount, update.Status));

        // The money came from the buyer (not the operator who sent the transaction): seller's share and fee.
        var payments = EventsOf<TransferEvent>(receipt, Chain.PaymentTokenAddress);
        Assert.Equal(2, payments.Count);
        AssertAddress(Buyer, payments[0].From);
        AssertAddress(Operator, payments[0].To);
        Assert.Equal(sellerNet, payments[0].Value);
        AssertAddress(Buyer, payments[1].From);
        AssertAddress(FeeRecipient, payments[1].To);
        Assert.Equal(fee, payments[1].Value);

        Assert.Equal(ChainFixture.BuyerNgwee - 2_500, await MoneyOfAsync(Buyer));
        Assert.Equal(2_493, await MoneyOfAsync(Operator));
        Assert.Equal(7, await MoneyOfAsync(FeeRecipient));
        Assert.Equal(0, await MoneyOfAsync(TradingAddress));
        Assert.Equal(ChainFixture.BuyerNgwee - 2_500, await Money(DevAccounts.Stranger).CallAsync<BigInteger>("allowance", Buyer, TradingAddress));
        Assert.Equal(10_000, await EnergyOfAsync(Buyer));
        Assert.Equal(0, await EnergyOfAsync(TradingAddress));
        Assert.Equal(OfferStatus.Filled, (await GetOfferAsync(id)).Status);

        Assert.True(await Trading(DevAccounts.Stranger).CallAsync<bool>("isTradeRecorded", TradeA));
        Assert.False(await Trading(DevAccounts.Stranger).CallAsync<bool>("isTradeRecorded", TradeB));
    }

    [Fact]
    public async Task Each_trade_ref_executes_once()
    {
        await StockInventoryAsync();
        var id = await MirrorAsync(OfferA, 10_000, 250);
        await Trading(DevAccounts.Operator).SendAsync("executeTradeFor", TradeA, id, Buyer, new BigInteger(2_000));

        // A retry of the same server trade, even for another amount, buyer or offer, is refused and moves nothing.
        var op = Trading(DevAccounts.Operator);
        AssertError(await op.ExpectRevertAsync("executeTradeFor", TradeA, id, Buyer, new BigInteger(2_000)), "TradeAlreadyRecorded", TradeA);
        AssertError(await op.ExpectRevertAsync("executeTradeFor", TradeA, id, Buyer2, new BigInteger(1_000)), "TradeAlreadyRecorded", TradeA);
        var direct = await CreateOfferAsync(DevAccounts.Seller, 5_000, 250);
        AssertError(await op.ExpectRevertAsync("executeTradeFor", TradeA, direct, Buyer, new BigInteger(1_000)), "TradeAlreadyRecorded", TradeA);

        Assert.Equal(8_000, (await GetOfferAsync(id)).RemainingAmount);
        Assert.Equal(2_000, await EnergyOfAsync(Buyer));
        Assert.Equal(ChainFixture.BuyerNgwee - 500, await MoneyOfAsync(Buyer));
        Assert.Equal(ChainFixture.BuyerNgwee, await MoneyOfAsync(Buyer2));
    }

    [Fact]
    public async Task Partial_fills_on_a_direct_offer_pay_its_seller()
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 5_000, 333);
        var op = Trading(DevAccounts.Operator);

        // 1,234 Wh at 333 ngwee/kWh: 410.922 -> 411 ngwee, fee ceil(1.0275) = 2, seller 409.
        var first = await op.SendAsync("executeTradeFor", TradeA, id, Buyer, new BigInteger(1_234));
        var trade = Assert.Single(EventsOf<TradeExecutedEvent>(first, TradingAddress));
        Assert.Equal((new BigInteger(1_234), new BigInteger(411), new BigInteger(2)), (trade.EnergyAmount, trade.TotalPrice, trade.Fee));
        AssertAddress(Seller, trade.Seller);
        var update = Assert.Single(EventsOf<EnergyOfferUpdatedEvent>(first, TradingAddress));
        Assert.Equal((new BigInteger(3_766), OfferStatus.Active), (update.RemainingAmount, update.Status));

        // 0 = the rest, for another buyer: 3,766 Wh -> 1,254.078 -> 1,255 ngwee, fee ceil(3.1375) = 4.
        var second = await op.SendAsync("executeTradeFor", TradeB, id, Buyer2, BigInteger.Zero);
        trade = Assert.Single(EventsOf<TradeExecutedEvent>(second, TradingAddress));
        Assert.Equal((new BigInteger(3_766), new BigInteger(1_255), new BigInteger(4)), (trade.EnergyAmount, trade.TotalPrice, trade.Fee));
        Assert.Equal((new BigInteger(1_255), new BigInteger(4), new BigInteger(1_251)), ExpectedPrice(3_766, 333));
        AssertAddress(Buyer2, Assert.Single(EventsOf<ServerTradeExecutedEvent>(second, TradingAddress)).Buyer);
        Assert.Equal(OfferStatus.Filled, (await GetOfferAsync(id)).Status);

        Assert.Equal(ChainFixture.BuyerNgwee - 411, await MoneyOfAsync(Buyer));
        Assert.Equal(ChainFixture.BuyerNgwee - 1_255, await MoneyOfAsync(Buyer2));
        Assert.Equal(409 + 1_251, await MoneyOfAsync(Seller));
        Assert.Equal(2 + 4, await MoneyOfAsync(FeeRecipient));
        Assert.Equal(0, await MoneyOfAsync(Operator)); // the operator only sent the transactions
        Assert.Equal(1_234, await EnergyOfAsync(Buyer));
        Assert.Equal(3_766, await EnergyOfAsync(Buyer2));
        Assert.Equal(0, await EnergyOfAsync(TradingAddress));

        AssertError(await op.ExpectRevertAsync("executeTradeFor", TradeC, id, Buyer, new BigInteger(1)), "OfferNotActive", id, (byte)OfferStatus.Filled);
        Assert.False(await Trading(DevAccounts.Stranger).CallAsync<bool>("isTradeRecorded", TradeC));
    }

    [Fact]
    public async Task A_one_ngwee_trade_is_all_fee_and_moves_no_empty_transfer_to_the_seller()
    {
        await StockInventoryAsync();
        var id = await MirrorAsync(OfferA, 1_000, 1);
        var receipt = await Trading(DevAccounts.Operator).SendAsync("executeTradeFor", TradeA, id, Buyer, BigInteger.Zero);
        var payment = Assert.Single(EventsOf<TransferEvent>(receipt, Chain.PaymentTokenAddress));
        AssertAddress(Buyer, payment.From);
        AssertAddress(FeeRecipient, payment.To);
        Assert.Equal(1, payment.Value);
        Assert.Equal(1, Assert.Single(EventsOf<TradeExecutedEvent>(receipt, TradingAddress)).Fee);
        Assert.Equal(0, await MoneyOfAsync(Operator));
    }

    [Fact]
    public async Task A_buyer_without_enough_allowance_or_money_is_refused_by_the_token_and_nothing_is_recorded()
    {
        await StockInventoryAsync();
        var id = await MirrorAsync(OfferA, 5_000, 250); // 1,250 ngwee: seller 1,246, fee ceil(3.125) = 4
        var op = Trading(DevAccounts.Operator);

        // No allowance at all.
        AssertError(await op.ExpectRevertAsync("executeTradeFor", TradeA, id, Stranger, BigInteger.Zero),
            "ERC20InsufficientAllowance", TradingAddress, 0, 1_246);

        // Money, and an allowance that covers the seller's share but not the fee as well.
        await Money(DevAccounts.Admin).SendAsync("mint", Stranger, new BigInteger(10_000));
        await Money(DevAccounts.Stranger).SendAsync("approve", TradingAddress, new BigInteger(1_249));
        AssertError(await op.ExpectRevertAsync("executeTradeFor", TradeA, id, Stranger, BigInteger.Zero),
            "ERC20InsufficientAllowance", TradingAddress, 3, 4);

        // An allowance but not the money.
        await Money(DevAccounts.Stranger).SendAsync("transfer", Buyer2, new BigInteger(9_000));
        await Money(DevAccounts.Stranger).SendAsync("approve", TradingAddress, new BigInteger(1_250));
        AssertError(await op.ExpectRevertAsync("executeTradeFor", TradeA, id, Stranger, BigInteger.Zero),
            "ERC20InsufficientBalance", Stranger, 1_000, 1_246);

        // Every refusal rolled back: the ref is unused, the offer whole, nobody paid.
        Assert.False(await Trading(DevAccounts.Stranger).CallAsync<bool>("isTradeRecorded", TradeA));
        Assert.Equal(5_000, (await GetOfferAsync(id)).RemainingAmount);
        Assert.Equal(0, await MoneyOfAsync(Operator));
        Assert.Equal(0, await EnergyOfAsync(Stranger));

        // With the exact price approved and held, the same trade ref goes through.
        await Money(DevAccounts.Admin).SendAsync("mint", Stranger, new BigInteger(250));
        await op.SendAsync("executeTradeFor", TradeA, id, Stranger, BigInteger.Zero);
        Assert.Equal(0, await MoneyOfAsync(Stranger));
        Assert.Equal(0, await Money(DevAccounts.Stranger).CallAsync<BigInteger>("allowance", Stranger, TradingAddress));
        Assert.Equal(5_000, await EnergyOfAsync(Stranger));
        Assert.Equal(1_246, await MoneyOfAsync(Operator));
    }

    [Fact]
    public async Task Trades_for_check_ref_buyer_seller_offer_and_amount()
    {
        await StockInventoryAsync();
        var mirrored = await MirrorAsync(OfferA, 5_000, 250);
        var direct = await CreateOfferAsync(DevAccounts.Seller, 5_000, 250);
        await Money(DevAccounts.Admin).SendAsync("mint", Seller, new BigInteger(10_000));
        await Money(DevAccounts.Seller).SendAsync("approve", TradingAddress, new BigInteger(10_000));
        var op = Trading(DevAccounts.Operator);

        AssertError(await op.ExpectRevertAsync("executeTradeFor", ZeroId, mirrored, Buyer, new BigInteger(1_000)), "InvalidServerId");
        AssertError(await op.ExpectRevertAsync("executeTradeFor", TradeA, mirrored, TokenTests.ZeroAddress, new BigInteger(1_000)), "ZeroAddress");
        // Nobody buys from themselves: the seller of a direct offer, the operator's account on a mirrored one.
        AssertError(await op.ExpectRevertAsync("executeTradeFor", TradeA, direct, Seller, new BigInteger(1_000)), "SelfTrade", direct);
        AssertError(await op.ExpectRevertAsync("executeTradeFor", TradeA, mirrored, Operator, new BigInteger(1_000)), "SelfTrade", mirrored);
        AssertError(await op.ExpectRevertAsync("executeTradeFor", TradeA, mirrored, Buyer, new BigInteger(5_001)), "InsufficientRemaining", mirrored, 5_001, 5_000);
        AssertError(await op.ExpectRevertAsync("executeTradeFor", TradeA, new BigInteger(99), Buyer, new BigInteger(1_000)), "OfferNotFound", 99);

        await op.SendAsync("cancelEnergyOffer", direct);
        AssertError(await op.ExpectRevertAsync("executeTradeFor", TradeA, direct, Buyer, new BigInteger(1_000)), "OfferNotActive", direct, (byte)OfferStatus.Cancelled);

        Assert.False(await Trading(DevAccounts.Stranger).CallAsync<bool>("isTradeRecorded", TradeA));
        Assert.Equal(10_000, await MoneyOfAsync(Seller));
        Assert.Equal(ChainFixture.BuyerNgwee, await MoneyOfAsync(Buyer));
        Assert.Equal(5_000, (await GetOfferAsync(mirrored)).RemainingAmount);
    }

    [Theory]
    [InlineData(nameof(DevAccounts.Buyer))] // not even for themselves
    [InlineData(nameof(DevAccounts.Seller))]
    [InlineData(nameof(DevAccounts.Admin))]
    public async Task Only_the_operator_executes_trades_for_buyers(string who)
    {
        var id = await CreateOfferAsync(DevAccounts.Seller, 5_000, 250);
        var key = TokenTests.KeyOf(who);
        var error = await Trading(key).ExpectRevertAsync("executeTradeFor", TradeA, id, Buyer, new BigInteger(1_000));
        AssertError(error, "AccessControlUnauthorizedAccount", DevAccounts.AddressOf(key), OperatorRole);
        Assert.Equal(ChainFixture.BuyerNgwee, await MoneyOfAsync(Buyer));
        Assert.Equal(5_000, (await GetOfferAsync(id)).RemainingAmount);
        Assert.False(await Trading(DevAccounts.Stranger).CallAsync<bool>("isTradeRecorded", TradeA));
    }

    [Fact]
    public async Task Pausing_stops_mirrors_and_trades_for_buyers_but_not_operator_cancels()
    {
        await StockInventoryAsync();
        var id = await MirrorAsync(OfferA, 5_000, 250);
        await Trading(DevAccounts.Admin).SendAsync("pause");

        var op = Trading(DevAccounts.Operator);
        AssertError(await op.ExpectRevertAsync("mirrorEnergyOffer", OfferB, new BigInteger(5_000), new BigInteger(250), await ExpiryInAsync(Day)), "EnforcedPause");
        AssertError(await op.ExpectRevertAsync("executeTradeFor", TradeA, id, Buyer, new BigInteger(1_000)), "EnforcedPause");
        Assert.Equal(0, await Trading(DevAccounts.Stranger).CallAsync<BigInteger>("offerIdForServerOffer", OfferB));
        Assert.False(await Trading(DevAccounts.Stranger).CallAsync<bool>("isTradeRecorded", TradeA));

        await op.SendAsync("cancelEnergyOffer", id);
        Assert.Equal(InventoryWh, await EnergyOfAsync(Operator));

        await Trading(DevAccounts.Admin).SendAsync("unpause");
        var again = await MirrorAsync(OfferB, 5_000, 250);
        await op.SendAsync("executeTradeFor", TradeA, again, Buyer, new BigInteger(1_000));
        Assert.Equal(1_000, await EnergyOfAsync(Buyer));
    }

    // ------------------------------------------------------------------ recollectTradeFor

    [Fact]
    public async Task A_trade_undone_after_its_mirror_closed_is_collected_again_from_the_inventory_once()
    {
        // On the chain after a reorganisation: the mirror was closed (its escrow, the trade's energy included, went
        // back to the operator) and the trade's executeTradeFor is gone.
        await StockInventoryAsync();
        var id = await MirrorAsync(OfferA, 10_000, 250);
        var op = Trading(DevAccounts.Operator);
        await op.SendAsync("cancelEnergyOffer", id);
        Assert.Equal(InventoryWh, await EnergyOfAsync(Operator));
        var (total, fee, sellerNet) = ExpectedPrice(4_000, 250);
        Assert.Equal((new BigInteger(1_000), new BigInteger(3), new BigInteger(997)), (total, fee, sellerNet));

        var receipt = await op.SendAsync("recollectTradeFor", TradeA, id, Buyer, new BigInteger(4_000));

        var trade = Assert.Single(EventsOf<TradeExecutedEvent>(receipt, TradingAddress));
        Assert.Equal((id, new BigInteger(4_000), total, fee, PaymentMethod.Blockchain), (trade.OfferId, trade.EnergyAmount, trade.TotalPrice, trade.Fee, trade.PaymentMethod));
        AssertAddress(Buyer, trade.Buyer);
        AssertAddress(Operator, trade.Seller);
        var executed = Assert.Single(EventsOf<ServerTradeExecutedEvent>(receipt, TradingAddress));
        Assert.Equal(TradeA, executed.TradeRef);
        Assert.Equal(id, executed.OfferId);
        Assert.Empty(EventsOf<EnergyOfferUpdatedEvent>(receipt, TradingAddress));

        Assert.Equal(ChainFixture.BuyerNgwee - 1_000, await MoneyOfAsync(Buyer));
        Assert.Equal(997, await MoneyOfAsync(Operator));
        Assert.Equal(3, await MoneyOfAsync(FeeRecipient));
        Assert.Equal(4_000, await EnergyOfAsync(Buyer));
        Assert.Equal(InventoryWh - 4_000, await EnergyOfAsync(Operator));
        var offer = await GetOfferAsync(id);
        Assert.Equal((OfferStatus.Cancelled, BigInteger.Zero), (offer.Status, offer.RemainingAmount));
        Assert.True(await Trading(DevAccounts.Stranger).CallAsync<bool>("isTradeRecorded", TradeA));

        // Once, whichever function is asked again.
        AssertError(await op.ExpectRevertAsync("recollectTradeFor", TradeA, id, Buyer, new BigInteger(4_000)), "TradeAlreadyRecorded", TradeA);
        var open = await MirrorAsync(OfferB, 5_000, 250);
        AssertError(await op.ExpectRevertAsync("executeTradeFor", TradeA, open, Buyer, new BigInteger(1_000)), "TradeAlreadyRecorded", TradeA);
        Assert.Equal(ChainFixture.BuyerNgwee - 1_000, await MoneyOfAsync(Buyer));
    }

    [Fact]
    public async Task A_trade_paid_before_its_mirror_closed_cannot_be_collected_again()
    {
        await StockInventoryAsync();
        var id = await MirrorAsync(OfferA, 10_000, 250);
        var op = Trading(DevAccounts.Operator);
        await op.SendAsync("executeTradeFor", TradeA, id, Buyer, new BigInteger(2_000));
        await op.SendAsync("cancelEnergyOffer", id);

        AssertError(await op.ExpectRevertAsync("recollectTradeFor", TradeA, id, Buyer, new BigInteger(2_000)), "TradeAlreadyRecorded", TradeA);
        Assert.Equal(ChainFixture.BuyerNgwee - 500, await MoneyOfAsync(Buyer));
        Assert.Equal(2_000, await EnergyOfAsync(Buyer));
    }

    [Fact]
    public async Task Recollection_is_refused_on_open_mirrors_direct_offers_and_bad_arguments_and_changes_nothing()
    {
        await StockInventoryAsync();
        var open = await MirrorAsync(OfferA, 5_000, 250);
        var closed = await MirrorAsync(OfferB, 5_000, 250);
        var direct = await CreateOfferAsync(DevAccounts.Seller, 5_000, 250);
        var op = Trading(DevAccounts.Operator);
        await op.SendAsync("cancelEnergyOffer", closed);
        await op.SendAsync("cancelEnergyOffer", direct);
        var inventory = await EnergyOfAsync(Operator);

        // An open mirror is traded from its escrow (executeTradeFor), never from the inventory.
        AssertError(await op.ExpectRevertAsync("recollectTradeFor", TradeA, open, Buyer, new BigInteger(1_000)), "OfferStillActive", open);
        // A direct offer's energy went back to its seller, whose tokens the operator cannot hand out.
        AssertError(await op.ExpectRevertAsync("recollectTradeFor", TradeA, direct, Buyer, new BigInteger(1_000)), "NotServerManaged", direct);
        AssertError(await op.ExpectRevertAsync("recollectTradeFor", TradeA, new BigInteger(99), Buyer, new BigInteger(1_000)), "OfferNotFound", 99);
        AssertError(await op.ExpectRevertAsync("recollectTradeFor", ZeroId, closed, Buyer, new BigInteger(1_000)), "InvalidServerId");
        AssertError(await op.ExpectRevertAsync("recollectTradeFor", TradeA, closed, TokenTests.ZeroAddress, new BigInteger(1_000)), "ZeroAddress");
        AssertError(await op.ExpectRevertAsync("recollectTradeFor", TradeA, closed, Operator, new BigInteger(1_000)), "SelfTrade", closed);
        // Never more than the offer ever held, never nothing.
        AssertError(await op.ExpectRevertAsync("recollectTradeFor", TradeA, closed, Buyer, new BigInteger(5_001)), "InvalidAmount", 5_001);
        AssertError(await op.ExpectRevertAsync("recollectTradeFor", TradeA, closed, Buyer, BigInteger.Zero), "InvalidAmount", 0);
        // Only the operator, and not while paused.
        var error = await Trading(DevAccounts.Buyer).ExpectRevertAsync("recollectTradeFor", TradeA, closed, Buyer, new BigInteger(1_000));
        AssertError(error, "AccessControlUnauthorizedAccount", Buyer, OperatorRole);
        await Trading(DevAccounts.Admin).SendAsync("pause");
        AssertError(await op.ExpectRevertAsync("recollectTradeFor", TradeA, closed, Buyer, new BigInteger(1_000)), "EnforcedPause");
        await Trading(DevAccounts.Admin).SendAsync("unpause");

        Assert.False(await Trading(DevAccounts.Stranger).CallAsync<bool>("isTradeRecorded", TradeA));
        Assert.Equal(ChainFixture.BuyerNgwee, await MoneyOfAsync(Buyer));
        Assert.Equal(0, await EnergyOfAsync(Buyer));
        Assert.Equal(inventory, await EnergyOfAsync(Operator));
        Assert.Equal(5_000, (await GetOfferAsync(open)).RemainingAmount);
    }

    // ------------------------------------------------------------------ expiry

    [Fact]
    public async Task Operator_trades_skip_the_expiry_of_mirrored_offers_but_not_of_direct_ones()
    {
        await StockInventoryAsync();
        var mirrored = await MirrorAsync(OfferA, 10_000, 250, await ExpiryInAsync(3600));
        var direct = await CreateOfferAsync(DevAccounts.Seller, 10_000, 250, lifetimeSeconds: 3600);
        var mirroredExpiry = (await GetOfferAsync(mirrored)).ExpiresAt;
        var directExpiry = (await GetOfferAsync(direct)).ExpiresAt;

        await Rpc.IncreaseTimeAsync(2 * 3600);
        Assert.True(await Rpc.LatestTimestampAsync() >= mirroredExpiry);
        Assert.True(await Rpc.LatestTimestampAsync() >= directExpiry);

        var op = Trading(DevAccounts.Operator);
        // The direct offer: expired for everyone, the operator included.
        AssertError(await op.ExpectRevertAsync("executeTradeFor", TradeA, direct, Buyer, new BigInteger(1_000)), "OfferExpired", direct, directExpiry);
        AssertError(await op.ExpectRevertAsync("executeTradeWithMobileMoney", direct, Buyer, new BigInteger(1_000), "late-direct"), "OfferExpired", direct, directExpiry);
        AssertError(await Trading(DevAccounts.Buyer).ExpectRevertAsync("executeTradeWithBlockchain", direct, new BigInteger(1_000)), "OfferExpired", direct, directExpiry);

        // The mirrored offer: the server reserved the energy before expiry, so its trades still settle.
        var receipt = await op.SendAsync("executeTradeFor", TradeA, mirrored, Buyer, new BigInteger(3_000));
        Assert.Equal(3_000, Assert.Single(EventsOf<TradeExecutedEvent>(receipt, TradingAddress)).EnergyAmount);
        receipt = await op.SendAsync("executeTradeWithMobileMoney", mirrored, Buyer2, new BigInteger(2_000), "mtn-late-1");
        var mm = Assert.Single(EventsOf<TradeExecutedEvent>(receipt, TradingAddress));
        Assert.Equal((new BigInteger(2_000), new BigInteger(500), PaymentMethod.MobileMoney), (mm.EnergyAmount, mm.TotalPrice, mm.PaymentMethod));
        Assert.Equal(5_000, (await GetOfferAsync(mirrored)).RemainingAmount);

        // ... while direct buying stays refused for its own reason.
        AssertError(await Trading(DevAccounts.Buyer).ExpectRevertAsync("executeTradeWithBlockchain", mirrored, new BigInteger(1_000)), "ServerManagedOffer", mirrored);

        Assert.Equal(3_000, await EnergyOfAsync(Buyer));
        Assert.Equal(2_000, await EnergyOfAsync(Buyer2));
        Assert.Equal(ChainFixture.BuyerNgwee - 750, await MoneyOfAsync(Buyer));
        Assert.Equal(ChainFixture.BuyerNgwee, await MoneyOfAsync(Buyer2)); // paid off-chain
        Assert.Equal(748, await MoneyOfAsync(Operator)); // 750 ngwee less the fee, ceil(1.875) = 2
        Assert.Equal(2, await MoneyOfAsync(FeeRecipient));
        Assert.Equal(10_000, (await GetOfferAsync(direct)).RemainingAmount);
    }

    [Fact]
    public async Task A_mirror_that_landed_after_expiry_sells_by_mobile_money_and_wallet()
    {
        await StockInventoryAsync();
        var id = await MirrorAsync(OfferA, 4_000, 300, await Rpc.LatestTimestampAsync() - Day);

        var receipt = await Trading(DevAccounts.Operator).SendAsync("executeTradeWithMobileMoney", id, Stranger, new BigInteger(1_500), "airtel-late-9");
        var payment = Assert.Single(EventsOf<MobileMoneyPaymentReceivedEvent>(receipt, TradingAddress));
        Assert.Equal((id, new BigInteger(1_500), "airtel-late-9"), (payment.OfferId, payment.EnergyAmount, payment.MobileMoneyRef));
        Assert.Empty(EventsOf<TransferEvent>(receipt, Chain.PaymentTokenAddress));
        Assert.Equal(1_500, await EnergyOfAsync(Stranger));
        Assert.True(await Trading(DevAccounts.Stranger).CallAsync<bool>("isReferenceUsed", "airtel-late-9"));

        await Trading(DevAccounts.Operator).SendAsync("executeTradeFor", TradeB, id, Buyer, BigInteger.Zero);
        // 2,500 Wh at 300 ngwee/kWh = 750 ngwee, fee ceil(1.875) = 2.
        Assert.Equal(2_500, await EnergyOfAsync(Buyer));
        Assert.Equal(748, await MoneyOfAsync(Operator));
        Assert.Equal(2, await MoneyOfAsync(FeeRecipient));
        Assert.Equal(OfferStatus.Filled, (await GetOfferAsync(id)).Status);
    }
}

[Event("OfferMirrored")]
public class OfferMirroredEvent : IEventDTO
{
    [Parameter("bytes32", "serverOfferId", 1, true)] public byte[] ServerOfferId { get; set; } = [];
    [Parameter("uint256", "offerId", 2, true)] public BigInteger OfferId { get; set; }
}

[Event("ServerTradeExecuted")]
public class ServerTradeExecutedEvent : IEventDTO
{
    [Parameter("bytes32", "tradeRef", 1, true)] public byte[] TradeRef { get; set; } = [];
    [Parameter("uint256", "offerId", 2, true)] public BigInteger OfferId { get; set; }
    [Parameter("address", "buyer", 3, true)] public string Buyer { get; set; } = "";
}
