using Enerlectra.Chain;
using Enerlectra.ChainDeploy;
using Enerlectra.ChainIntegration.Tests.Support;
using Nethereum.Util;

namespace Enerlectra.ChainIntegration.Tests;

public sealed class DeployToolTests(DeployedChain chain) : ChainTestBase(chain)
{
    [Fact]
    public async Task Writes_the_server_settings_with_addresses_that_hold_the_contracts()
    {
        var settings = Chain.Settings;
        Assert.Equal(TestChain.RpcUrl, settings[ChainOptions.RpcUrlKey]);
        Assert.Equal("31337", settings[ChainOptions.ChainIdKey]);
        Assert.False(settings.ContainsKey(ChainOptions.PrivateKeyKey), "the key is written only with --write-key");
        Assert.Contains($"# {ChainOptions.PrivateKeyKey} is not written here", await File.ReadAllTextAsync(Chain.EnvFile));

        var web3 = TestChain.Web3();
        foreach (var key in new[] { ChainOptions.EnergyTokenAddressKey, ChainOptions.PaymentTokenAddressKey, ChainOptions.EnergyTradingAddressKey })
        {
            var address = settings[key];
            Assert.True(AddressUtil.Current.IsChecksumAddress(address), $"{key}={address} is not a checksummed address");
            var code = await web3.Eth.GetCode.SendRequestAsync(address);
            Assert.True(code.Length > 2, $"{key}={address} has no code");
        }

        Assert.Equal(3, settings.Values.Distinct().Count(v => v.StartsWith("0x", StringComparison.Ordinal)));
        Assert.Equal("hardhat", settings["Blockchain__Network"]);
        // The listener's first block: no later than the block that created the trading contract.
        var startBlock = long.Parse(settings["Blockchain__StartBlock"]);
        var deployedAt = await web3.Eth.GetCode.SendRequestAsync(settings[ChainOptions.EnergyTradingAddressKey], new Nethereum.RPC.Eth.DTOs.BlockParameter((ulong)startBlock - 1));
        Assert.True(startBlock > 0);
        Assert.Equal("0x", deployedAt);
    }

    [Fact]
    public async Task Gives_the_deployer_the_operator_and_minter_roles()
    {
        using var client = Chain.Client();
        var trading = Chain.Settings[ChainOptions.EnergyTradingAddressKey];
        var energy = Chain.Settings[ChainOptions.EnergyTokenAddressKey];
        var payment = Chain.Settings[ChainOptions.PaymentTokenAddressKey];
        var me = client.OperatorAddress;
        var operatorRole = await client.QueryValueAsync<Chain.Contracts.OperatorRoleFunction, byte[]>(trading, new());
        Assert.True(await client.QueryValueAsync<Chain.Contracts.HasRoleFunction, bool>(trading, new() { Role = operatorRole, Account = me }));
        foreach (var token in new[] { energy, payment })
        {
            var minter = await client.QueryValueAsync<Chain.Contracts.MinterRoleFunction, byte[]>(token, new());
            Assert.True(await client.QueryValueAsync<Chain.Contracts.HasRoleFunction, bool>(token, new() { Role = minter, Account = me }));
        }
    }

    [Fact]
    public async Task Refuses_to_overwrite_an_existing_file_unless_forced_and_writes_the_key_only_when_asked()
    {
        var before = await File.ReadAllTextAsync(Chain.EnvFile);
        var stderr = new StringWriter();
        var exit = await DeployCommand.RunAsync(["--rpc", TestChain.RpcUrl, "--private-key", TestChain.OperatorKey, "--out", Chain.EnvFile], TextWriter.Null, stderr);
        Assert.Equal(3, exit);
        Assert.Contains("--force", stderr.ToString());
        Assert.Equal(before, await File.ReadAllTextAsync(Chain.EnvFile));

        var forced = Path.Combine(Chain.Directory, "forced.env");
        await File.WriteAllTextAsync(forced, "old");
        exit = await DeployCommand.RunAsync(
            ["--rpc", TestChain.RpcUrl, "--private-key", TestChain.OperatorKey, "--out", forced, "--force", "--write-key"], TextWriter.Null, stderr);
        Assert.Equal(0, exit);
        var written = DeployedChain.ReadEnvFile(forced);
        Assert.Equal(TestChain.OperatorKey, written[ChainOptions.PrivateKeyKey]);
        Assert.NotEqual(Chain.Settings[ChainOptions.EnergyTradingAddressKey], written[ChainOptions.EnergyTradingAddressKey]);
    }

    [Fact]
    public async Task Refuses_bad_arguments_with_usage()
    {
        var stderr = new StringWriter();
        var exit = await DeployCommand.RunAsync(["--rpc", TestChain.RpcUrl, "--private-key", "0x1234"], TextWriter.Null, stderr);
        Assert.Equal(2, exit);
        Assert.Contains("--private-key", stderr.ToString());
    }
}
