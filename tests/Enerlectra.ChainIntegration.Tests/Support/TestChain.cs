using Nethereum.JsonRpc.Client;
using Nethereum.Web3;

namespace Enerlectra.ChainIntegration.Tests.Support;

/// <summary>The local dev chain the test script started, and Hardhat's well-known dev keys (test configuration only).</summary>
public static class TestChain
{
    public const string RpcVariable = "ENERLECTRA_TEST_CHAIN_RPC";
    public const long ChainId = 31337;

    /// <summary>Hardhat dev account #0: deploys and operates (public key, funded only on dev chains).</summary>
    public const string OperatorKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /// <summary>Hardhat dev account #5: holds no role on our contracts.</summary>
    public const string StrangerKey = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";

    /// <summary>Hardhat dev accounts #6 and #7: users' own wallets.</summary>
    public const string UserKey = "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e";
    public const string OtherUserKey = "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356";

    /// <summary>Missing is a failure, never a skip: a suite that skips without its chain reports green having tested nothing.</summary>
    public static string RpcUrl
    {
        get
        {
            var url = Environment.GetEnvironmentVariable(RpcVariable);
            if (string.IsNullOrWhiteSpace(url))
            {
                throw new InvalidOperationException(
                    $"{RpcVariable} is not set. Start the local chain first: export {RpcVariable}=\"$(bash .ci/start-chain.sh)\"");
            }

            return url.Trim();
        }
    }

    public static Web3 Web3() => new(RpcUrl);

    public static async Task<string> SnapshotAsync() => await Web3().Client.SendRequestAsync<string>(new RpcRequest(1, "evm_snapshot"));

    public static async Task RevertAsync(string snapshot)
    {
        if (!await Web3().Client.SendRequestAsync<bool>(new RpcRequest(1, "evm_revert", snapshot)))
        {
            throw new InvalidOperationException($"evm_revert({snapshot}) returned false: the chain was not reset.");
        }
    }

    public static async Task<long> HeadAsync() => (long)(await Web3().Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
}
