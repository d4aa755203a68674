using Nethereum.ABI.FunctionEncoding.Attributes;

namespace Enerlectra.Contracts.Tests;

/// <summary>
/// depositFor: the operator collects a server deposit from a linked wallet's allowance into the platform's account,
/// each deposit ref once; who may call it, and what the token's refusals look like (nothing recorded after them).
/// </summary>
public sealed class DepositTests(ChainFixture chain) : ChainTest(chain)
{
    private static readonly byte[] OperatorRole = Nethereum.Util.Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes("OPERATOR_ROLE"));

    // Server ids as the contract stores them: 16 zero bytes, then the UUID's bytes (written out, not via ChainIds).
    private static readonly byte[] DepositA = [.. new byte[16], .. Convert.FromHexString("5b1a7c3e9d2f4a6b8c0d1e2f3a4b5c6d")];
    private static readonly byte[] DepositB = [.. new byte[16], .. Convert.FromHexString("a0b1c2d3e4f5461788990a1b2c3d4e5f")];

    [Fact]
    public async Task Operator_collects_a_deposit_from_the_accounts_allowance_into_the_platform_account()
    {
        var feeBefore = await MoneyOfAsync(FeeRecipient);

        var receipt = await Trading(DevAccounts.Operator).SendAsync("depositFor", DepositA, Buyer, new BigInteger(12_345));

        var collected = Assert.Single(EventsOf<DepositCollectedEvent>(receipt, TradingAddress));
        Assert.Equal(DepositA, collected.DepositRef);
        AssertAddress(Buyer, collected.Account);
        Assert.Equal(12_345, collected.Amount);
        var transfer = Assert.Single(EventsOf<TransferEvent>(receipt, Chain.PaymentTokenAddress));
        AssertAddress(Buyer, transfer.From);
        AssertAddress(FeeRecipient, transfer.To);
        Assert.Equal(12_345, transfer.Value);

        Assert.Equal(ChainFixture.BuyerNgwee - 12_345, await MoneyOfAsync(Buyer));
        Assert.Equal(feeBefore + 12_345, await MoneyOfAsync(FeeRecipient));
        Assert.Equal(0, await MoneyOfAsync(TradingAddress));
        Assert.Equal(0, await MoneyOfAsync(Operator));
        Assert.Equal(ChainFixture.BuyerNgwee - 12_345, await Money(DevAccounts.Stranger).CallAsync<BigInteger>("allowance", Buyer, TradingAddress));
        Assert.True(await Trading(DevAccounts.Stranger).CallAsync<bool>("isDepositRecorded", DepositA));
        Assert.False(await Trading(DevAccounts.Stranger).CallAsync<bool>("isDepositRecorded", DepositB));
    }

    [Fact]
    public async Task Each_deposit_ref_collects_once()
    {
        var op = Trading(DevAccounts.Operator);
        await op.SendAsync("depositFor", DepositA, Buyer, new BigInteger(1_000));

        // A retry of the same deposit, even for another amount or account, is refused and moves nothing.
        AssertError(await op.ExpectRevertAsync("depositFor", DepositA, Buyer, new BigInteger(1_000)), "DepositAlreadyRecorded", DepositA);
        AssertError(await op.ExpectRevertAsync("depositFor", DepositA, Buyer2, new BigInteger(500)), "DepositAlreadyRecorded", DepositA);
        Assert.Equal(ChainFixture.BuyerNgwee - 1_000, await MoneyOfAsync(Buyer));
        Assert.Equal(ChainFixture.BuyerNgwee, await MoneyOfAsync(Buyer2));

        // Deposit refs are their own namespace: a trade ref with the same bytes is not a deposit, nor the reverse.
        Assert.False(await Trading(DevAccounts.Stranger).CallAsync<bool>("isTradeRecorded", DepositA));
        await op.SendAsync("depositFor", DepositB, Buyer2, new BigInteger(500));
        Assert.Equal(ChainFixture.BuyerNgwee - 500, await MoneyOfAsync(Buyer2));
    }

    [Theory]
    [InlineData(nameof(DevAccounts.Stranger))]
    [InlineData(nameof(DevAccounts.Buyer))]
    [InlineData(nameof(DevAccounts.Admin))] // the admin is not an operator
    public async Task Only_the_operator_may_collect_a_deposit(string who)
    {
        var key = TokenTests.KeyOf(who);
        var error = await Trading(key).ExpectRevertAsync("depositFor", DepositA, Buyer, new BigInteger(1_000));

        AssertError(error, "AccessControlUnauthorizedAccount", DevAccounts.AddressOf(key), OperatorRole);
        Assert.False(await Trading(DevAccounts.Stranger).CallAsync<bool>("isDepositRecorded", DepositA));
        Assert.Equal(ChainFixture.BuyerNgwee, await MoneyOfAsync(Buyer));
    }

    [Fact]
    public async Task Without_allowance_or_money_the_token_refuses_and_nothing_is_recorded()
    {
        var op = Trading(DevAccounts.Operator);

        AssertError(await op.ExpectRevertAsync("depositFor", DepositA, Stranger, new BigInteger(1_000)),
            "ERC20InsufficientAllowance", TradingAddress, 0, 1_000);

        await Money(DevAccounts.Admin).SendAsync("mint", Stranger, new BigInteger(5_000));
        await Money(DevAccounts.Stranger).SendAsync("approve", TradingAddress, new BigInteger(999));
        AssertError(await op.ExpectRevertAsync("depositFor", DepositA, Stranger, new BigInteger(1_000)),
            "ERC20InsufficientAllowance", TradingAddress, 999, 1_000);

        await Money(DevAccounts.Stranger).SendAsync("approve", TradingAddress, new BigInteger(10_000));
        AssertError(await op.ExpectRevertAsync("depositFor", DepositA, Stranger, new BigInteger(6_000)),
            "ERC20InsufficientBalance", Stranger, 5_000, 6_000);

        Assert.False(await Trading(DevAccounts.Stranger).CallAsync<bool>("isDepositRecorded", DepositA));
        Assert.Equal(5_000, await MoneyOfAsync(Stranger));

        // The refused ref is still unused: with enough held and allowed it goes through.
        await op.SendAsync("depositFor", DepositA, Stranger, new BigInteger(5_000));
        Assert.Equal(0, await MoneyOfAsync(Stranger));
        Assert.True(await Trading(DevAccounts.Stranger).CallAsync<bool>("isDepositRecorded", DepositA));
    }

    [Fact]
    public async Task A_deposit_checks_its_ref_account_and_amount_and_stops_while_paused()
    {
        var op = Trading(DevAccounts.Operator);

        AssertError(await op.ExpectRevertAsync("depositFor", new byte[32], Buyer, new BigInteger(1_000)), "InvalidServerId");
        AssertError(await op.ExpectRevertAsync("depositFor", DepositA, TokenTests.ZeroAddress, new BigInteger(1_000)), "ZeroAddress");
        AssertError(await op.ExpectRevertAsync("depositFor", DepositA, Buyer, BigInteger.Zero), "InvalidDepositAmount", 0);

        await Trading(DevAccounts.Admin).SendAsync("pause");
        AssertError(await op.ExpectRevertAsync("depositFor", DepositA, Buyer, new BigInteger(1_000)), "EnforcedPause");
        Assert.False(await Trading(DevAccounts.Stranger).CallAsync<bool>("isDepositRecorded", DepositA));
        Assert.Equal(ChainFixture.BuyerNgwee, await MoneyOfAsync(Buyer));
    }
}

[Event("DepositCollected")]
public class DepositCollectedEvent : IEventDTO
{
    [Parameter("bytes32", "depositRef", 1, true)] public byte[] DepositRef { get; set; } = [];
    [Parameter("address", "account", 2, true)] public string Account { get; set; } = "";
    [Parameter("uint256", "amount", 3, false)] public BigInteger Amount { get; set; }
}
