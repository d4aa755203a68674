using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace Enerlectra.Contracts.Tests.Support;

[CollectionDefinition(Name)]
public sealed class ChainCollection : ICollectionFixture<ChainFixture>
{
    public const string Name = "chain";
}

/// <summary>
/// Deploys EnergyToken, PaymentToken and EnergyTrading from the committed artifacts once per test run and funds the
/// test accounts; each test then runs inside its own evm_snapshot/evm_revert. On dispose the chain is reverted to
/// what it was before the deployment, so a shared dev node is left as it was found.
/// </summary>
public sealed class ChainFixture : IAsyncLifetime
{
    /// <summary>Each seller's metered generation at the start of every test: room for several 10,000 kWh offers.</summary>
    public static readonly BigInteger SellerEnergyWh = 50_000_000;

    /// <summary>Each buyer's money at the start of every test: ZMW 100 billion, more than any trade can cost.</summary>
    public static readonly BigInteger BuyerNgwee = BigInteger.Pow(10, 13);

    private string? _preDeploySnapshot;

    public JsonRpc Rpc { get; } = new(ChainEnvironment.RpcUrl);

    public ContractArtifact EnergyToken { get; } = ContractArtifact.Load("EnergyToken");
    public ContractArtifact PaymentToken { get; } = ContractArtifact.Load("PaymentToken");
    public ContractArtifact Trading { get; } = ContractArtifact.Load("EnergyTrading");

    public ErrorDecoder Errors { get; }

    public string EnergyTokenAddress { get; private set; } = "";
    public string PaymentTokenAddress { get; private set; } = "";
    public string TradingAddress { get; private set; } = "";

    public ChainFixture() => Errors = new ErrorDecoder([EnergyToken, PaymentToken, Trading]);

    public async Task InitializeAsync()
    {
        var chainId = Convert.ToInt64((await Rpc.CallAsync("eth_chainId")).GetString(), 16);
        if (chainId != ChainEnvironment.ChainId)
        {
            throw new InvalidOperationException(
                $"{ChainEnvironment.RpcVariable} points at chain {chainId}, not the dev chain {ChainEnvironment.ChainId}.");
        }

        _preDeploySnapshot = await Rpc.SnapshotAsync();

        var admin = DevAccounts.AddressOf(DevAccounts.Admin);
        var op = DevAccounts.AddressOf(DevAccounts.Operator);
        var feeRecipient = DevAccounts.AddressOf(DevAccounts.FeeRecipient);
        var pool = new AccountPool();
        var web3 = pool.Get(DevAccounts.Admin).Web3;

        EnergyTokenAddress = await DeployAsync(web3, EnergyToken, admin, op);
        PaymentTokenAddress = await DeployAsync(web3, PaymentToken, admin);
        TradingAddress = await DeployAsync(web3, Trading, EnergyTokenAddress, PaymentTokenAddress, admin, op, feeRecipient);

        // Baseline for every test: sellers hold metered energy and have approved the trading contract (offers escrow
        // it); buyers hold money and have approved it (on-chain trades pull it). The stranger holds nothing.
        var reading = 0;
        foreach (var seller in new[] { DevAccounts.Seller, DevAccounts.Seller2 })
        {
            var energyAsOperator = Client(pool, DevAccounts.Operator, EnergyToken, EnergyTokenAddress);
            await energyAsOperator.SendAsync("mintGeneration", DevAccounts.AddressOf(seller), SellerEnergyWh, ReadingId($"baseline-{reading++}"));
            await Client(pool, seller, EnergyToken, EnergyTokenAddress).SendAsync("approve", TradingAddress, SellerEnergyWh);
        }

        foreach (var buyer in new[] { DevAccounts.Buyer, DevAccounts.Buyer2 })
        {
            await Client(pool, DevAccounts.Admin, PaymentToken, PaymentTokenAddress).SendAsync("mint", DevAccounts.AddressOf(buyer), BuyerNgwee);
            await Client(pool, buyer, PaymentToken, PaymentTokenAddress).SendAsync("approve", TradingAddress, BuyerNgwee);
        }
    }

    public async Task DisposeAsync()
    {
        if (_preDeploySnapshot is not null)
        {
            await Rpc.RevertAsync(_preDeploySnapshot);
        }

        Rpc.Dispose();
    }

    /// <summary>A meter reading id as the server would put it on-chain: keccak256 of its string id.</summary>
    public static byte[] ReadingId(string id) => Nethereum.Util.Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes(id));

    /// <summary>A client for one account and contract; accounts come from <paramref name="pool"/> (nonce cache).</summary>
    public ContractClient Client(AccountPool pool, string privateKey, ContractArtifact artifact, string address)
    {
        var (web3, account) = pool.Get(privateKey);
        return new ContractClient(web3, account, address, artifact, Rpc, Errors);
    }

    private static async Task<string> DeployAsync(Web3 web3, ContractArtifact artifact, params object[] args)
    {
        var from = web3.TransactionManager.Account.Address;
        var gas = await web3.Eth.DeployContract.EstimateGasAsync(artifact.Abi, artifact.Bytecode, from, args);
        var receipt = await web3.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(artifact.Abi, artifact.Bytecode, from, gas, null, args);
        if (receipt.Status.Value != 1 || string.IsNullOrEmpty(receipt.ContractAddress))
        {
            throw new InvalidOperationException($"Deploying {artifact.Name} failed (tx {receipt.TransactionHash}).");
        }

        return receipt.ContractAddress;
    }
}
