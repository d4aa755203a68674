using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Enerlectra.Chain.Contracts;

// EnergyToken / PaymentToken (ERC-20) calls the operator makes. approve, allowance and balanceOf are the standard
// ERC-20 functions, so the same messages serve both tokens (send them to either token's address).

[Function("mintGeneration")]
public sealed class MintGenerationFunction : FunctionMessage
{
    [Parameter("address", "to", 1)] public string To { get; set; } = "";
    [Parameter("uint256", "amountWh", 2)] public BigInteger AmountWh { get; set; }

    /// <summary>keccak256 of the meter reading id: each reading mints once.</summary>
    [Parameter("bytes32", "readingId", 3)] public byte[] ReadingId { get; set; } = [];
}

[Function("mint")]
public sealed class MintFunction : FunctionMessage
{
    [Parameter("address", "to", 1)] public string To { get; set; } = "";
    [Parameter("uint256", "amountNgwee", 2)] public BigInteger AmountNgwee { get; set; }
}

[Function("approve", "bool")]
public sealed class ApproveFunction : FunctionMessage
{
    [Parameter("address", "spender", 1)] public string Spender { get; set; } = "";
    [Parameter("uint256", "value", 2)] public BigInteger Value { get; set; }
}

[Function("balanceOf", "uint256")]
public sealed class BalanceOfFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
}

[Function("allowance", "uint256")]
public sealed class AllowanceFunction : FunctionMessage
{
    [Parameter("address", "owner", 1)] public string Owner { get; set; } = "";
    [Parameter("address", "spender", 2)] public string Spender { get; set; } = "";
}
