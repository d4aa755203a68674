using System.Globalization;
using System.Net;
using System.Numerics;
using Enerlectra.Chain;
using Enerlectra.Chain.Contracts;
using Enerlectra.ChainDeploy;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.Signer;

namespace Enerlectra.Soak.Topology;

/// <summary>
/// The dev chain in the soak: contracts deployed by the deploy tool (its real entry point), the silos reaching the
/// node through a <see cref="FaultProxy"/> so it can become unreachable and come back with its state (a stopped
/// Hardhat node would forget its chain, unlike a real node with its data directory), and the dev node's own
/// methods for what only a test can do: fund accounts with gas, and reorganise the chain (evm_snapshot, evm_revert,
/// then mining a longer branch).
/// </summary>
public sealed class SoakChain : IAsyncDisposable
{
    /// <summary>Hardhat's dev account #0: public knowledge, funded only on dev chains. Deploys and operates.</summary>
    private const string OperatorKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private const long DevChainId = 31337;

    private readonly Uri _node;
    private Dictionary<string, string> _deployed = [];

    public SoakChain(Uri node, int proxyPort)
    {
        _node = node;
        Proxy = new FaultProxy(proxyPort, new IPEndPoint(IPAddress.Loopback, node.Port));
    }

    /// <summary>Where the servers reach the node (the proxy), so an outage can be made without losing the chain.</summary>
    public FaultProxy Proxy { get; }

    public string PaymentToken => _deployed[ChainOptions.PaymentTokenAddressKey];

    public string Trading => _deployed[ChainOptions.EnergyTradingAddressKey];

    /// <summary>Checks the node is the dev chain, deploys fresh contracts (so earlier runs cannot interfere) and opens the proxy.</summary>
    public async Task DeployAsync(string directory, CancellationToken cancellationToken)
    {
        using (var probe = OperatorClient())
        {
            var status = await probe.Web3.Eth.ChainId.SendRequestAsync();
            if ((long)status.Value != DevChainId)
            {
                throw new InvalidOperationException($"{_node} is chain {status.Value}, not the dev chain {DevChainId}: the soak reorganises the chain it runs on.");
            }
        }

        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, ".env.chain");
        var output = new StringWriter();
        var exit = await DeployCommand.RunAsync(["--rpc", _node.ToString().TrimEnd('/'), "--private-key", OperatorKey, "--out", file, "--force"], output, output, cancellationToken);
        if (exit != 0)
        {
            throw new InvalidOperationException($"The deploy tool exited with {exit}: {output}");
        }

        _deployed = File.ReadAllLines(file)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);
        Proxy.Start();
    }

    /// <summary>The servers' chain settings: the deployment, through the proxy, with short polls (Hardhat mines at once).</summary>
    public Dictionary<string, string> ServerEnvironment()
    {
        var environment = new Dictionary<string, string>(_deployed)
        {
            [ChainOptions.RpcUrlKey] = Proxy.Address.ToString().TrimEnd('/'),
            [ChainOptions.PrivateKeyKey] = OperatorKey,
            ["Blockchain__Network"] = "hardhat",
            ["Blockchain__ReceiptPollInterval"] = "00:00:00.2",
            ["Blockchain__ListenerPollInterval"] = "00:00:01",
            ["Blockchain__MirrorRetryInterval"] = "00:00:01",
            ["Blockchain__RequestTimeout"] = "00:00:05",
            ["Blockchain__ReceiptTimeout"] = "00:00:20",
        };
        return environment;
    }

    /// <summary>A client straight to the node (not through the proxy), sending as <paramref name="privateKey"/>.</summary>
    public ChainClient Client(string privateKey) => new(new ChainOptions
    {
        RpcUrl = _node.ToString().TrimEnd('/'),
        ChainId = DevChainId,
        PrivateKey = privateKey,
        PaymentTokenAddress = _deployed.GetValueOrDefault(ChainOptions.PaymentTokenAddressKey),
        EnergyTokenAddress = _deployed.GetValueOrDefault(ChainOptions.EnergyTokenAddressKey),
        EnergyTradingAddress = _deployed.GetValueOrDefault(ChainOptions.EnergyTradingAddressKey),
        Settings = { Network = "hardhat", ReceiptPollInterval = TimeSpan.FromMilliseconds(100) },
    });

    public ChainClient OperatorClient() => Client(OperatorKey);

    /// <summary>
    /// A fresh account for a household's own wallet: gas from the dev node, <paramref name="tokensNgwee"/> of the
    /// payment token, and the trading contract allowed to spend all of them (what a buyer does once in their wallet app).
    /// </summary>
    public async Task<string> NewFundedWalletAsync(long tokensNgwee, CancellationToken cancellationToken)
    {
        var key = "0x" + Convert.ToHexString(EthECKey.GenerateKey().GetPrivateKeyAsBytes()).ToLowerInvariant();
        var address = new EthECKey(key).GetPublicAddress();
        using var operatorClient = OperatorClient();
        await operatorClient.Web3.Client.SendRequestAsync(new RpcRequest(1, "hardhat_setBalance", address, new HexBigInteger(BigInteger.Pow(10, 20)).HexValue));
        await operatorClient.SendAsync(PaymentToken, new MintFunction { To = address, AmountNgwee = tokensNgwee }, cancellationToken);
        using var user = Client(key);
        await user.SendAsync(PaymentToken, new ApproveFunction { Spender = Trading, Value = tokensNgwee }, cancellationToken);
        return key;
    }

    public async Task<long> TokenBalanceAsync(string address)
    {
        using var client = OperatorClient();
        return (long)await client.QueryValueAsync<BalanceOfFunction, BigInteger>(PaymentToken, new BalanceOfFunction { Account = address });
    }

    /// <summary>Whether the contract holds the wallet payment of this trade (it takes each trade id once).</summary>
    public async Task<bool> IsTradeRecordedAsync(string tradeId)
    {
        using var client = OperatorClient();
        return await client.QueryValueAsync<IsTradeRecordedFunction, bool>(Trading, new IsTradeRecordedFunction { TradeRef = ChainIds.ToBytes32(Guid.Parse(tradeId)) });
    }

    /// <summary>Whether the mobile money trade is recorded on its offer's mirror (the trade id is the reference).</summary>
    public async Task<bool> IsMobileMoneyTradeRecordedAsync(string tradeId)
    {
        using var client = OperatorClient();
        return await client.QueryValueAsync<IsReferenceUsedFunction, bool>(Trading, new IsReferenceUsedFunction { MobileMoneyRef = Guid.Parse(tradeId).ToString("N") });
    }

    public async Task<string> SnapshotAsync()
    {
        using var client = OperatorClient();
        return await client.Web3.Client.SendRequestAsync<string>(new RpcRequest(1, "evm_snapshot"));
    }

    /// <summary>
    /// Replaces every block since <paramref name="snapshot"/> with a longer branch of empty blocks: the transactions
    /// in the replaced blocks are gone, as after a real reorganisation that dropped them. Returns the blocks replaced.
    /// </summary>
    public async Task<long> ReorganiseAsync(string snapshot, long forkBlock)
    {
        using var client = OperatorClient();
        var head = await client.GetHeadBlockAsync();
        if (!await client.Web3.Client.SendRequestAsync<bool>(new RpcRequest(1, "evm_revert", snapshot)))
        {
            throw new InvalidOperationException($"The dev node refused to revert to snapshot {snapshot}.");
        }

        var replaced = head - forkBlock;
        // Longer than the branch it replaces, so every node (and our listener) takes the new one as the chain.
        var mined = replaced + 3;
        await client.Web3.Client.SendRequestAsync(new RpcRequest(1, "hardhat_mine", "0x" + mined.ToString("x", CultureInfo.InvariantCulture)));
        return replaced;
    }

    public async Task<long> HeadAsync()
    {
        using var client = OperatorClient();
        return await client.GetHeadBlockAsync();
    }

    public ValueTask DisposeAsync() => Proxy.DisposeAsync();
}
