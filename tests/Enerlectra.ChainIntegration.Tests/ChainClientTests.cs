using System.Numerics;
using Enerlectra.Chain;
using Enerlectra.Chain.Contracts;
using Enerlectra.ChainIntegration.Tests.Support;
using Enerlectra.Testing;
using Nethereum.Web3.Accounts;

namespace Enerlectra.ChainIntegration.Tests;

public sealed class ChainClientTests(DeployedChain chain) : ChainTestBase(chain)
{
    private string Trading => Chain.Settings[ChainOptions.EnergyTradingAddressKey];
    private string Energy => Chain.Settings[ChainOptions.EnergyTokenAddressKey];

    [Fact]
    public async Task Status_reports_the_network_chain_head_and_deployed_contracts()
    {
        using var client = Chain.Client();
        var before = await TestChain.HeadAsync();
        var status = await client.GetStatusAsync();
        var after = await TestChain.HeadAsync();

        Assert.Equal("healthy", status.Health);
        Assert.True(status.Reachable);
        Assert.Equal("hardhat", status.Network);
        Assert.Equal(TestChain.ChainId, status.ChainId);
        Assert.InRange(status.HeadBlock, before, after);
        Assert.True(status.EnergyTokenDeployed && status.PaymentTokenDeployed && status.EnergyTradingDeployed);
    }

    [Fact]
    public async Task Status_is_degraded_when_a_contract_has_no_code()
    {
        using var client = Chain.Client();
        client.Options.PaymentTokenAddress = new Account(TestChain.StrangerKey).Address;
        var status = await client.GetStatusAsync();
        Assert.Equal("degraded", status.Health);
        Assert.True(status.Reachable);
        Assert.False(status.PaymentTokenDeployed);
        Assert.True(status.EnergyTradingDeployed);
    }

    [Fact]
    public async Task Status_is_degraded_and_sending_is_unavailable_when_the_node_does_not_answer()
    {
        var options = new ChainOptions
        {
            RpcUrl = $"http://127.0.0.1:{FreePorts.Take(1)[0]}",
            ChainId = TestChain.ChainId,
            PrivateKey = TestChain.OperatorKey,
            EnergyTokenAddress = Energy,
            EnergyTradingAddress = Trading,
            PaymentTokenAddress = Chain.Settings[ChainOptions.PaymentTokenAddressKey],
        };
        options.Settings.TransportRetries = 1;
        options.Settings.TransportRetryDelay = TimeSpan.FromMilliseconds(10);
        using var client = new ChainClient(options);

        var status = await client.GetStatusAsync();
        Assert.Equal("degraded", status.Health);
        Assert.False(status.Reachable);

        // Nothing can have been sent: this is the definite failure a fallback to mobile money may follow.
        await Assert.ThrowsAsync<ChainUnavailableException>(() =>
            client.SendAsync(Trading, new CancelEnergyOfferFunction { OfferId = 1 }));
    }

    [Fact]
    public async Task A_custom_error_revert_is_decoded_with_its_name_and_arguments()
    {
        using var client = Chain.Client();
        var head = await TestChain.HeadAsync();
        var error = await Assert.ThrowsAsync<ChainRevertedException>(() => client.SendAsync(Trading, new CreateEnergyOfferFunction
        {
            EnergyAmount = 1,   // below the 1,000 Wh minimum
            PricePerKwh = 250,
            ExpiresAt = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds(),
            AcceptMobileMoney = true,
        }));

        Assert.Equal("InvalidAmount", error.ErrorName);
        Assert.Equal(new BigInteger(1), Assert.IsType<BigInteger>(Assert.Single(error.Arguments)));
        Assert.Equal("createEnergyOffer", error.Function);
        Assert.Null(error.TransactionHash);   // refused by the estimate: never sent
        Assert.Equal(head, await TestChain.HeadAsync());
    }

    [Fact]
    public async Task Access_control_refusals_name_the_account_and_role()
    {
        using var stranger = Chain.Client(TestChain.StrangerKey);
        var error = await Assert.ThrowsAsync<ChainRevertedException>(() => stranger.SendAsync(Energy, new MintGenerationFunction
        {
            To = stranger.OperatorAddress,
            AmountWh = 1000,
            ReadingId = new byte[32],
        }));

        Assert.Equal("AccessControlUnauthorizedAccount", error.ErrorName);
        Assert.Equal(stranger.OperatorAddress.ToLowerInvariant(), error.Arguments[0].ToString()!.ToLowerInvariant());
    }

    [Fact]
    public async Task The_operator_can_send_and_the_nonce_manager_recovers_after_an_evm_revert()
    {
        using var client = Chain.Client();
        var me = client.OperatorAddress;
        var web3 = TestChain.Web3();
        var start = (await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(me)).Value;

        var snapshot = await TestChain.SnapshotAsync();
        var first = await client.SendAsync(Energy, new MintGenerationFunction { To = me, AmountWh = 5000, ReadingId = Id("reading-1") });
        Assert.Equal(start, await NonceOfAsync(first));
        Assert.Equal(start + 1, client.Nonces.Next);

        // The chain forgets that transaction; the manager still believes start + 1 is next, which the node now
        // refuses ("nonce too high"). The send must heal by re-reading the nonce, not fail.
        await TestChain.RevertAsync(snapshot);
        var second = await client.SendAsync(Energy, new MintGenerationFunction { To = me, AmountWh = 7000, ReadingId = Id("reading-2") });
        Assert.Equal(1UL, second.Status.Value);
        Assert.Equal(start, await NonceOfAsync(second));
        Assert.Equal(start + 1, client.Nonces.Next);
        Assert.Equal(new BigInteger(7000), await client.QueryValueAsync<BalanceOfFunction, BigInteger>(Energy, new() { Account = me }));
    }

    [Fact]
    public async Task Concurrent_sends_get_distinct_nonces()
    {
        using var client = Chain.Client();
        var me = client.OperatorAddress;
        var receipts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.SendAsync(Energy, new MintGenerationFunction { To = me, AmountWh = 1000, ReadingId = Id($"concurrent-{i}") })));
        Assert.Equal(8, (await Task.WhenAll(receipts.Select(NonceOfAsync))).Distinct().Count());
        Assert.Equal(new BigInteger(8000), await client.QueryValueAsync<BalanceOfFunction, BigInteger>(Energy, new() { Account = me }));
    }

    /// <summary>The nonce a mined transaction used (receipts do not carry it; the transaction does).</summary>
    private static async Task<BigInteger> NonceOfAsync(Nethereum.RPC.Eth.DTOs.TransactionReceipt receipt) =>
        (await TestChain.Web3().Eth.Transactions.GetTransactionByHash.SendRequestAsync(receipt.TransactionHash)).Nonce.Value;

    private static byte[] Id(string readingId) =>
        Nethereum.Util.Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes($"{readingId}-{Guid.NewGuid()}"));
}
