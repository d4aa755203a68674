using System.Text.Json;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;

namespace Enerlectra.Chain;

/// <summary>A revert decoded against the contracts' ABIs.</summary>
public sealed record DecodedRevert(string Name, IReadOnlyList<object> Arguments);

/// <summary>
/// Maps revert data (4-byte selector + ABI-encoded arguments) to its custom error, using the errors of all three
/// artifacts (a token's ERC-20 error bubbles up through EnergyTrading) plus Solidity's Error(string) and Panic(uint256).
/// </summary>
public static class ChainErrorDecoder
{
    private static readonly Dictionary<string, (string Name, Parameter[] Inputs)> BySelector = Build();

    public static DecodedRevert Decode(string? revertData)
    {
        if (string.IsNullOrEmpty(revertData) || revertData.Length < 10)
        {
            // A revert without data: revert() with no reason, or out of gas.
            return new DecodedRevert("UnknownRevert", []);
        }

        var selector = revertData[..10].ToLowerInvariant();
        if (!BySelector.TryGetValue(selector, out var error))
        {
            return new DecodedRevert($"UnknownError[{selector}]", [revertData]);
        }

        var outputs = new ParameterDecoder().DecodeDefaultData(revertData[10..].HexToByteArray(), error.Inputs);
        return new DecodedRevert(error.Name, outputs.Select(o => o.Result).ToList());
    }

    private static Dictionary<string, (string, Parameter[])> Build()
    {
        var map = new Dictionary<string, (string, Parameter[])>();
        void Add(string name, Parameter[] inputs)
        {
            var signature = $"{name}({string.Join(",", inputs.Select(i => i.Type))})";
            map["0x" + Sha3Keccack.Current.CalculateHash(signature)[..8]] = (name, inputs);
        }

        Add("Error", [new Parameter("string", "message", 1)]);
        Add("Panic", [new Parameter("uint256", "code", 1)]);
        foreach (var artifact in ContractArtifacts.All)
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

        return map;
    }
}
