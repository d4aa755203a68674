namespace Enerlectra.Contracts.Tests;

/// <summary>EnergyToken (Wh, minted only from metered generation) and PaymentToken (ngwee, dev stand-in).</summary>
public sealed class TokenTests(ChainFixture chain) : ChainTest(chain)
{
    private static readonly byte[] MinterRole = Nethereum.Util.Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes("MINTER_ROLE"));

    [Fact]
    public async Task Units_are_whole_watt_hours_and_ngwee()
    {
        var energy = Energy(DevAccounts.Stranger);
        var money = Money(DevAccounts.Stranger);
        Assert.Equal(0, await energy.CallAsync<byte>("decimals"));
        Assert.Equal(2, await money.CallAsync<byte>("decimals"));
        Assert.Equal("EWH", await energy.CallAsync<string>("symbol"));
        Assert.Equal("dZMW", await money.CallAsync<string>("symbol"));
    }

    [Fact]
    public async Task Operator_mints_metered_generation_once_per_reading()
    {
        var reading = ChainFixture.ReadingId("meter-7/reading-42");
        var supplyBefore = await Energy(DevAccounts.Stranger).CallAsync<BigInteger>("totalSupply");

        var receipt = await Energy(DevAccounts.Operator).SendAsync("mintGeneration", Stranger, new BigInteger(12_345), reading);

        var minted = Assert.Single(EventsOf<GenerationMintedEvent>(receipt, Chain.EnergyTokenAddress));
        AssertAddress(Stranger, minted.To);
        Assert.Equal(reading, minted.ReadingId);
        Assert.Equal(12_345, minted.AmountWh);
        Assert.Equal(12_345, await EnergyOfAsync(Stranger));
        Assert.Equal(supplyBefore + 12_345, await Energy(DevAccounts.Stranger).CallAsync<BigInteger>("totalSupply"));
        Assert.True(await Energy(DevAccounts.Stranger).CallAsync<bool>("readingMinted", reading));

        // A retried reading (same id, even with another amount) never creates energy twice.
        var again = await Energy(DevAccounts.Operator).ExpectRevertAsync("mintGeneration", Stranger, new BigInteger(99), reading);
        AssertError(again, "ReadingAlreadyMinted", reading);
        Assert.Equal(12_345, await EnergyOfAsync(Stranger));
    }

    [Theory]
    [InlineData(nameof(DevAccounts.Stranger))]
    [InlineData(nameof(DevAccounts.Seller))]
    [InlineData(nameof(DevAccounts.Admin))] // the admin manages roles but is not a minter itself
    public async Task Only_the_minter_role_mints_energy(string who)
    {
        var key = KeyOf(who);
        var error = await Energy(key).ExpectRevertAsync("mintGeneration", Stranger, new BigInteger(1_000), ChainFixture.ReadingId("forged"));
        AssertError(error, "AccessControlUnauthorizedAccount", DevAccounts.AddressOf(key), MinterRole);
        Assert.Equal(0, await EnergyOfAsync(Stranger));
    }

    [Fact]
    public async Task Minting_refuses_zero_energy_and_the_zero_address()
    {
        var energy = Energy(DevAccounts.Operator);
        AssertError(await energy.ExpectRevertAsync("mintGeneration", Stranger, BigInteger.Zero, ChainFixture.ReadingId("r0")), "InvalidAmount", 0);
        AssertError(await energy.ExpectRevertAsync("mintGeneration", ZeroAddress, new BigInteger(5), ChainFixture.ReadingId("r1")), "ZeroAddress");
    }

    [Fact]
    public async Task Admin_mints_test_money_and_nobody_else_can()
    {
        await Money(DevAccounts.Admin).SendAsync("mint", Stranger, new BigInteger(250_00));
        Assert.Equal(250_00, await MoneyOfAsync(Stranger));

        var error = await Money(DevAccounts.Stranger).ExpectRevertAsync("mint", Stranger, new BigInteger(1));
        AssertError(error, "AccessControlUnauthorizedAccount", Stranger, MinterRole);
        Assert.Equal(250_00, await MoneyOfAsync(Stranger));
    }

    [Fact]
    public async Task Deployed_token_code_is_the_committed_artifact()
    {
        // The tokens have no immutables, so their runtime code must equal the artifact's deployedBytecode exactly:
        // the tests really exercise what contracts/artifacts holds.
        Assert.Equal(Chain.EnergyToken.DeployedBytecode, await Rpc.GetCodeAsync(Chain.EnergyTokenAddress));
        Assert.Equal(Chain.PaymentToken.DeployedBytecode, await Rpc.GetCodeAsync(Chain.PaymentTokenAddress));
        // EnergyTrading's token addresses are immutables patched in at deployment, so only its size can match.
        Assert.Equal(Chain.Trading.DeployedBytecode.Length, (await Rpc.GetCodeAsync(Chain.TradingAddress)).Length);
    }

    internal const string ZeroAddress = "0x0000000000000000000000000000000000000000";

    internal static string KeyOf(string accountName) =>
        (string)typeof(DevAccounts).GetField(accountName)!.GetValue(null)!;
}
