using Enerlectra.Chain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Enerlectra.ChainIntegration.Tests;

/// <summary>Configuration only: the original flat variable names and the "Blockchain" section (no chain needed).</summary>
public sealed class ChainOptionsTests
{
    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static Dictionary<string, string?> Full() => new()
    {
        ["BLOCKCHAIN_RPC_URL"] = "http://127.0.0.1:1",
        ["BLOCKCHAIN_CHAIN_ID"] = "80002",
        ["BLOCKCHAIN_PRIVATE_KEY"] = "0x" + new string('1', 64),
        ["ENERGY_TOKEN_ADDRESS"] = "0x" + new string('a', 40),
        ["ENERGY_TRADING_ADDRESS"] = "0x" + new string('b', 40),
        ["PAYMENT_TOKEN_ADDRESS"] = "0x" + new string('c', 40),
        ["Blockchain:Network"] = "amoy",
        ["Blockchain:Confirmations"] = "5",
        ["Blockchain:Fees:amoy:MaxFeePerGasGwei"] = "80",
        ["Blockchain:Fees:amoy:MaxPriorityFeePerGasGwei"] = "30",
    };

    [Fact]
    public void Reads_the_original_flat_names_and_the_blockchain_section_and_never_prints_the_key()
    {
        var options = ChainOptions.From(Config(Full()));
        Assert.True(options.IsConfigured);
        Assert.True(options.CanSend);
        Assert.Equal(80002, options.ChainId);
        Assert.Equal("amoy", options.Settings.Network);
        Assert.Equal(5, options.Settings.Confirmations);
        Assert.Equal(80, options.Settings.FeesFor("amoy").MaxFeePerGasGwei);
        Assert.Equal(40, options.Settings.FeesFor("polygon").MaxPriorityFeePerGasGwei);   // built-in default
        Assert.DoesNotContain(new string('1', 64), options.ToString());
    }

    [Theory]
    [InlineData("BLOCKCHAIN_RPC_URL")]
    [InlineData("BLOCKCHAIN_CHAIN_ID")]
    [InlineData("ENERGY_TRADING_ADDRESS")]
    public async Task Missing_a_required_setting_registers_an_honest_not_configured_status(string missing)
    {
        var values = Full();
        values.Remove(missing);
        var services = new ServiceCollection().AddLogging().AddEnerlectraChain(Config(values)).BuildServiceProvider();
        var status = await services.GetRequiredService<IChainStatusSource>().GetStatusAsync();
        Assert.Equal("not_configured", status.Health);
        Assert.Null(services.GetService<ChainClient>());
    }

    [Theory]
    [InlineData("BLOCKCHAIN_RPC_URL", "127.0.0.1:8545", "BLOCKCHAIN_RPC_URL")]
    [InlineData("BLOCKCHAIN_RPC_URL", "ftp://node.example", "BLOCKCHAIN_RPC_URL")]
    [InlineData("BLOCKCHAIN_CHAIN_ID", "0", "BLOCKCHAIN_CHAIN_ID")]
    [InlineData("ENERGY_TRADING_ADDRESS", "0x1234", "ENERGY_TRADING_ADDRESS")]
    [InlineData("Blockchain:CustodyAddress", "not-an-address", "Blockchain:CustodyAddress")]
    [InlineData("Blockchain:Confirmations", "0", "Blockchain:Confirmations")]
    [InlineData("Blockchain:ListenerConfirmations", "-1", "Blockchain:ListenerConfirmations")]
    [InlineData("Blockchain:ReceiptTimeout", "00:00:00", "Blockchain:ReceiptTimeout")]
    [InlineData("Blockchain:ListenerPollInterval", "-00:00:01", "Blockchain:ListenerPollInterval")]
    [InlineData("Blockchain:MaxBlocksPerQuery", "0", "Blockchain:MaxBlocksPerQuery")]
    [InlineData("Blockchain:StartBlock", "-5", "Blockchain:StartBlock")]
    [InlineData("Blockchain:Fees:amoy:GasLimitMultiplier", "0.5", "Blockchain:Fees:amoy:GasLimitMultiplier")]
    [InlineData("Blockchain:Fees:amoy:MaxPriorityFeePerGasGwei", "500", "Blockchain:Fees:amoy:MaxPriorityFeePerGasGwei")]
    public void A_bad_setting_stops_the_start_with_a_message_naming_it(string key, string value, string named)
    {
        var values = Full();
        values[key] = value;
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddEnerlectraChain(Config(values)));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void A_malformed_operator_key_is_refused_without_showing_it()
    {
        var values = Full();
        var almostAKey = "0x" + new string('7', 63) + "z";
        values["BLOCKCHAIN_PRIVATE_KEY"] = almostAKey;
        var error = Assert.Throws<InvalidOperationException>(() => ChainOptions.From(Config(values)));
        Assert.Contains("BLOCKCHAIN_PRIVATE_KEY", error.Message);
        Assert.DoesNotContain(new string('7', 63), error.Message);
    }

    [Fact]
    public void The_full_settings_and_the_defaults_have_no_problems()
    {
        Assert.Empty(ChainOptions.From(Config(Full())).Problems());
        Assert.Empty(ChainOptions.From(Config([])).Problems());
    }
}
