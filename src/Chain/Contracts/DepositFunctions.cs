using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Enerlectra.Chain.Contracts;

// EnergyTrading's deposit calls (contracts/README.md): the operator collects a server deposit from a linked wallet's
// allowance into the platform's account, once per deposit ref, so a retry after a lost answer cannot collect twice.

/// <summary>Collects <see cref="Amount"/> ngwee from <see cref="Account"/>'s allowance; operator only, each ref once.</summary>
[Function("depositFor")]
public sealed class DepositForFunction : FunctionMessage
{
    /// <summary>The server's deposit id as bytes32 (<see cref="ChainIds.ToBytes32(System.Guid)"/>); never all zero.</summary>
    [Parameter("bytes32", "depositRef", 1)] public byte[] DepositRef { get; set; } = [];
    [Parameter("address", "account", 2)] public string Account { get; set; } = "";

    /// <summary>In payment-token units, which are ngwee (2 decimals).</summary>
    [Parameter("uint256", "amount", 3)] public BigInteger Amount { get; set; }
}

/// <summary>Whether depositFor already collected this server deposit.</summary>
[Function("isDepositRecorded", "bool")]
public sealed class IsDepositRecordedFunction : FunctionMessage
{
    [Parameter("bytes32", "depositRef", 1)] public byte[] DepositRef { get; set; } = [];
}

/// <summary>The operator collected the server's deposit (the payment token's Transfer to the platform follows).</summary>
[Event("DepositCollected")]
public sealed class DepositCollectedEvent : IEventDTO
{
    [Parameter("bytes32", "depositRef", 1, true)] public byte[] DepositRef { get; set; } = [];
    [Parameter("address", "account", 2, true)] public string Account { get; set; } = "";
    [Parameter("uint256", "amount", 3, false)] public BigInteger Amount { get; set; }
}
