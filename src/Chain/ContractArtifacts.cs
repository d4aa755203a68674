using System.Text.Json;

namespace Enerlectra.Chain;

/// <summary>One compiled contract: its ABI (JSON) and creation bytecode, from contracts/artifacts.</summary>
public sealed record ContractArtifact(string Name, string Abi, string Bytecode);

/// <summary>
/// The committed artifacts, embedded in this assembly at build time (see the csproj), so the server, the deploy tool
/// and the tests all use exactly what contracts/scripts/compile.mjs produced.
/// </summary>
public static class ContractArtifacts
{
    public static ContractArtifact EnergyToken { get; } = Load("EnergyToken");

    public static ContractArtifact PaymentToken { get; } = Load("PaymentToken");

    public static ContractArtifact EnergyTrading { get; } = Load("EnergyTrading");

    public static IReadOnlyList<ContractArtifact> All { get; } = [EnergyToken, PaymentToken, EnergyTrading];

    private static ContractArtifact Load(string name)
    {
        var resource = $"Enerlectra.Chain.Artifacts.{name}.json";
        using var stream = typeof(ContractArtifacts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded artifact {resource} is missing; rebuild Enerlectra.Chain.");
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        return new ContractArtifact(name, root.GetProperty("abi").GetRawText(), root.GetProperty("bytecode").GetString()!);
    }
}
