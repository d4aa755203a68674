using Enerlectra.Chain;
using Enerlectra.ChainDeploy;
using Microsoft.Extensions.Configuration;

namespace Enerlectra.ChainIntegration.Tests.Support;

[CollectionDefinition(Name)]
public sealed class ChainCollection : ICollectionFixture<DeployedChain>
{
    public const string Name = "chain";
}

/// <summary>
/// Runs the deploy tool once (its real entry point, against the real node) and exposes the settings it wrote. The
/// chain is reverted to its pre-deploy snapshot at the end, so a shared dev node is left as it was found.
/// </summary>
public sealed class DeployedChain : IAsyncLifetime
{
    private readonly SemaphoreSlim _gatewayGate = new(1, 1);
    private string? _preDeploy;
    private ChainGateway? _gateway;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"enerlectra-chain-{Guid.NewGuid():N}");

    public string EnvFile => Path.Combine(Directory, ".env.chain");

    public string DeployOutput { get; private set; } = "";

    /// <summary>The KEY=value pairs the tool wrote (comments left out).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        var chainId = (long)(await TestChain.Web3().Eth.ChainId.SendRequestAsync()).Value;
        if (chainId != TestChain.ChainId)
        {
            throw new InvalidOperationException($"{TestChain.RpcVariable} points at chain {chainId}, not the dev chain {TestChain.ChainId}.");
        }

        _preDeploy = await TestChain.SnapshotAsync();
        System.IO.Directory.CreateDirectory(Directory);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await DeployCommand.RunAsync(
            ["--rpc", TestChain.RpcUrl, "--private-key", TestChain.OperatorKey, "--out", EnvFile], stdout, stderr);
        DeployOutput = stdout.ToString();
        if (exit != 0)
        {
            throw new InvalidOperationException($"The deploy tool exited with {exit}: {stderr}");
        }

        Settings = ReadEnvFile(EnvFile);
    }

    public static Dictionary<string, string> ReadEnvFile(string path) =>
        File.ReadAllLines(path)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);

    /// <summary>Server configuration: the written file plus the operator key (which the file leaves out).</summary>
    public Dictionary<string, string?> ServerConfiguration(bool withKey = true)
    {
        // As the environment variable provider would read the file: "Section__Key" is "Section:Key".
        var config = Settings.ToDictionary(kv => kv.Key.Replace("__", ":", StringComparison.Ordinal), kv => (string?)kv.Value);
        if (withKey)
        {
            config[ChainOptions.PrivateKeyKey] = TestChain.OperatorKey;
        }

        config["Blockchain:Network"] = "hardhat";
        // Hardhat mines at once; a short poll keeps sends quick.
        config["Blockchain:ReceiptPollInterval"] = "00:00:00.05";
        return config;
    }

    /// <summary>Client options for this deployment, as the server would read them, sending as <paramref name="privateKey"/>.</summary>
    public ChainOptions Options(string privateKey = TestChain.OperatorKey)
    {
        var options = ChainOptions.From(new ConfigurationBuilder().AddInMemoryCollection(ServerConfiguration(withKey: false)).Build());
        options.PrivateKey = privateKey;
        return options;
    }

    public ChainClient Client(string privateKey = TestChain.OperatorKey) => new(Options(privateKey));

    /// <summary>One gateway for the collection (a start costs seconds), configured with this deployment.</summary>
    public async Task<ChainGateway> GatewayAsync()
    {
        await _gatewayGate.WaitAsync();
        try
        {
            return _gateway ??= await ChainGateway.StartAsync(ServerConfiguration());
        }
        finally
        {
            _gatewayGate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_preDeploy is not null)
        {
            await TestChain.RevertAsync(_preDeploy);
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>Each test inside its own evm_snapshot/evm_revert on top of the deployment.</summary>
[Collection(ChainCollection.Name)]
public abstract class ChainTestBase(DeployedChain chain) : IAsyncLifetime
{
    private string? _snapshot;

    protected DeployedChain Chain { get; } = chain;

    public virtual async Task InitializeAsync() => _snapshot = await TestChain.SnapshotAsync();

    public virtual async Task DisposeAsync()
    {
        if (_snapshot is not null)
        {
            await TestChain.RevertAsync(_snapshot);
        }
    }
}
