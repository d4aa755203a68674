using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Enerlectra.Chain.Contracts;

// Constructor messages; the bytecode is the committed artifact's.

public sealed class EnergyTokenDeployment() : ContractDeploymentMessage(ContractArtifacts.EnergyToken.Bytecode)
{
    [Parameter("address", "admin", 1)] public string Admin { get; set; } = "";
    [Parameter("address", "minter", 2)] public string Minter { get; set; } = "";
}

public sealed class PaymentTokenDeployment() : ContractDeploymentMessage(ContractArtifacts.PaymentToken.Bytecode)
{
    [Parameter("address", "admin", 1)] public string Admin { get; set; } = "";
}

public sealed class EnergyTradingDeployment() : ContractDeploymentMessage(ContractArtifacts.EnergyTrading.Bytecode)
{
    [Parameter("address", "energyToken_", 1)] public string EnergyToken { get; set; } = "";
    [Parameter("address", "paymentToken_", 2)] public string PaymentToken { get; set; } = "";
    [Parameter("address", "admin", 3)] public string Admin { get; set; } = "";
    [Parameter("address", "operator", 4)] public string Operator { get; set; } = "";
    [Parameter("address", "feeRecipient_", 5)] public string FeeRecipient { get; set; } = "";
}
