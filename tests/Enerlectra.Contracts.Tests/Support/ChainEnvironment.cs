namespace Enerlectra.Contracts.Tests.Support;

/// <summary>Where the chain and the contract artifacts are.</summary>
public static class ChainEnvironment
{
    public const string RpcVariable = "ENERLECTRA_TEST_CHAIN_RPC";

    /// <summary>Hardhat's dev chain id (see contracts/hardhat.config.js).</summary>
    public const long ChainId = 31337;

    /// <summary>
    /// The JSON-RPC URL of the local dev chain. Missing is a failure, never a skip: a suite that silently
    /// skips when its chain is absent would report green without having tested anything.
    /// </summary>
    public static string RpcUrl
    {
        get
        {
            var url = Environment.GetEnvironmentVariable(RpcVariable);
            if (string.IsNullOrWhiteSpace(url))
            {
                throw new InvalidOperationException(
                    $"{RpcVariable} is not set. Start the local chain first: " +
                    $"export {RpcVariable}=\"$(bash .ci/start-chain.sh)\"");
            }

            return url.Trim();
        }
    }

    /// <summary>The repository root: the first ancestor of the test binaries that holds contracts/artifacts.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ArtifactsDirectory => Path.Combine(RepoRoot, "contracts", "artifacts");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "contracts", "artifacts")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"contracts/artifacts not found above {AppContext.BaseDirectory}.");
    }
}
