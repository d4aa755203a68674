using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Enerlectra.Chain.Contracts;

// OpenZeppelin AccessControl, shared by all three contracts.

// The role ids are read from the contracts (MINTER_ROLE(), OPERATOR_ROLE()) rather than recomputed here, so a
// renamed role in Solidity cannot silently disagree with the server.

[Function("MINTER_ROLE", "bytes32")]
public sealed class MinterRoleFunction : FunctionMessage;

[Function("OPERATOR_ROLE", "bytes32")]
public sealed class OperatorRoleFunction : FunctionMessage;

[Function("hasRole", "bool")]
public sealed class HasRoleFunction : FunctionMessage
{
    [Parameter("bytes32", "role", 1)] public byte[] Role { get; set; } = [];
    [Parameter("address", "account", 2)] public string Account { get; set; } = "";
}

[Function("grantRole")]
public sealed class GrantRoleFunction : FunctionMessage
{
    [Parameter("bytes32", "role", 1)] public byte[] Role { get; set; } = [];
    [Parameter("address", "account", 2)] public string Account { get; set; } = "";
}
