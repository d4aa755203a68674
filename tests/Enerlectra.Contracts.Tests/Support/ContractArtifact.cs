using System.Text.Json;

namespace Enerlectra.Contracts.Tests.Support;

/// <summary>One committed artifact (contracts/artifacts/&lt;Name&gt;.json), as produced by contracts/scripts/compile.mjs.</summary>
public sealed record ContractArtifact(string Name, string Abi, string Bytecode, string DeployedBytecode)
{
    public static ContractArtifact Load(string name)
    {
        var path = Path.Combine(ChainEnvironment.ArtifactsDirectory, $"{name}.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        return new ContractArtifact(
            name,
            root.GetProperty("abi").GetRawText(),
            root.GetProperty("bytecode").GetString()!,
            root.GetProperty("deployedBytecode").GetString()!);
    }
}
