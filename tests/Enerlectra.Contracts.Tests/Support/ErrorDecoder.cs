using System.Text.Json;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;

namespace Enerlectra.Contracts.Tests.Support;

/// <summary>A revert decoded against the contracts' ABIs: the custom error's name and its arguments in order.</summary>
public sealed record DecodedError(string Name, string Signature, IReadOnlyList<object> Args)
{
    public T Arg<T>(int index) => (T)Args[index];

    public override string ToString() => $"{Name}({string.Join(", ", Args)})";
}

/// <summary>
/// Maps revert data (4-byte selector + ABI-encoded arguments) to the custom error that produced it, using the errors
/// of every committed artifact (an ERC-20 error raised by a token inside a trade bubbles up through EnergyTrading,
/// so all three ABIs are needed) plus Solidity's built-in Error(string) and Panic(uint256).
/// </summary>
public sealed class ErrorDecoder
{
    private readonly Dictionary<string, (string Name, string Signature, Parameter[] Inputs)> _bySelector = new();

    public ErrorDecoder(IEnumerable<ContractArtifact> artifacts)
    {
        Add("Error", [new Parameter("string", "message", 1)]);
        Add("Panic", [new Parameter("uint256", "code", 1)]);
        foreach (var artifact in artifacts)
        {
            using var abi = JsonDocument.Parse(artifact.Abi);
            foreach (var item in abi.RootElement.EnumerateArray().Where(i => i.GetProperty("type").GetString() == "error"))
            {
                var inputs = item.GetProperty("inputs").EnumerateArray()
                    .Select((p, i) => new Parameter(p.GetProperty("type").GetString()!, p.GetProperty("name").GetString(), i + 1))
                    .ToArray();
                Add(item.GetProperty("name").GetString()!, inputs);
            }
        }
    }

    public static string Selector(string signature) => "0x" + Sha3Keccack.Current.CalculateHash(signature)[..8];

    public DecodedError Decode(string? revertData)
    {
        if (string.IsNullOrEmpty(revertData) || revertData.Length < 10)
        {
            throw new InvalidOperationException($"No custom error in revert data '{revertData}'.");
        }

        var selector = revertData[..10].ToLowerInvariant();
        if (!_bySelector.TryGetValue(selector, out var error))
        {
            throw new InvalidOperationException($"Unknown error selector {selector} (data {revertData}).");
        }

        var outputs = new ParameterDecoder().DecodeDefaultData(revertData[10..].HexToByteArray(), error.Inputs);
        return new DecodedError(error.Name, error.Signature, outputs.Select(o => o.Result).ToList());
    }

    private void Add(string name, Parameter[] inputs)
    {
        var signature = $"{name}({string.Join(",", inputs.Select(i => i.Type))})";
        _bySelector[Selector(signature)] = (name, signature, inputs);
    }
}
