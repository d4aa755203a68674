using System.Numerics;
using Enerlectra.Chain;
using Enerlectra.Chain.Contracts;
using Enerlectra.ChainIntegration.Tests.Support;

namespace Enerlectra.ChainIntegration.Tests;

/// <summary>
/// A transaction that may have been sent is never reported as a definite failure: these are the cases where a
/// fallback to mobile money would charge twice.
/// </summary>
public sealed class OutcomeTests(DeployedChain chain) : ChainTestBase(chain)
{
    private string Energy => Chain.Settings[ChainOptions.EnergyTokenAddressKey];

    [Fact]
    public async Task A_lost_answer_to_a_send_is_an_unknown_outcome_with_the_hash_of_the_mined_transaction()
    {
        await using var proxy = await RpcProxy.StartAsync(TestChain.RpcUrl);
        using var client = ClientVia(proxy);
        var me = client.OperatorAddress;
        proxy.DropSendAnswers = true;

        var error = await Assert.ThrowsAsync<ChainOutcomeUnknownException>(() =>
            client.SendAsync(Energy, new MintGenerationFunction { To = me, AmountWh = 3000, ReadingId = Id() }));

        // The node did take it: the hash in the exception is what a reconciler looks up.
        var receipt = await TestChain.Web3().Eth.Transactions.GetTransactionReceipt.SendRequestAsync(error.TransactionHash);
        Assert.NotNull(receipt);
        Assert.Equal(BigInteger.One, receipt.Status.Value);

        // The nonce manager re-reads after the unknown outcome, so the next send neither reuses nor skips a nonce.
        proxy.Heal();
        var next = await client.SendAsync(Energy, new MintGenerationFunction { To = me, AmountWh = 1000, ReadingId = Id() });
        Assert.Equal(BigInteger.One, next.Status.Value);
        Assert.Equal(new BigInteger(4000), await client.QueryValueAsync<BalanceOfFunction, BigInteger>(Energy, new() { Account = me }));
    }

    [Fact]
    public async Task The_node_going_away_while_awaiting_the_receipt_is_an_unknown_outcome()
    {
        await using var proxy = await RpcProxy.StartAsync(TestChain.RpcUrl);
        using var client = ClientVia(proxy);
        proxy.GoAwayAfterSend = true;

        var error = await Assert.ThrowsAsync<ChainOutcomeUnknownException>(() =>
            client.SendAsync(Energy, new MintGenerationFunction { To = client.OperatorAddress, AmountWh = 2000, ReadingId = Id() }));
        Assert.NotNull(await TestChain.Web3().Eth.Transactions.GetTransactionReceipt.SendRequestAsync(error.TransactionHash));
    }

    private ChainClient ClientVia(RpcProxy proxy)
    {
        var options = Chain.Options();
        options.RpcUrl = proxy.Url;
        options.Settings.TransportRetries = 1;
        options.Settings.TransportRetryDelay = TimeSpan.FromMilliseconds(10);
        return new ChainClient(options);
    }

    private static byte[] Id() => Nethereum.Util.Sha3Keccack.Current.CalculateHash(Guid.NewGuid().ToByteArray());
}
