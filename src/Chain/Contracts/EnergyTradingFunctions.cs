using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Enerlectra.Chain.Contracts;

// Typed calls of EnergyTrading (contracts/src/EnergyTrading.sol); units as in contracts/README.md: Wh, ngwee per
// kWh, unix seconds. The ABI in the artifacts is the authority; a mismatch shows up as a decoding failure in tests.

[Function("createEnergyOffer", "uint256")]
public sealed class CreateEnergyOfferFunction : FunctionMessage
{
    [Parameter("uint256", "energyAmount", 1)] public BigInteger EnergyAmount { get; set; }
    [Parameter("uint256", "pricePerKwh", 2)] public BigInteger PricePerKwh { get; set; }
    [Parameter("uint256", "expiresAt", 3)] public BigInteger ExpiresAt { get; set; }
    [Parameter("bool", "acceptMobileMoney", 4)] public bool AcceptMobileMoney { get; set; }
}

[Function("executeTradeWithBlockchain")]
public sealed class ExecuteTradeWithBlockchainFunction : FunctionMessage
{
    [Parameter("uint256", "offerId", 1)] public BigInteger OfferId { get; set; }

    /// <summary>Wh to buy; 0 buys all that remains.</summary>
    [Parameter("uint256", "energyAmount", 2)] public BigInteger EnergyAmount { get; set; }
}

[Function("executeTradeWithMobileMoney")]
public sealed class ExecuteTradeWithMobileMoneyFunction : FunctionMessage
{
    [Parameter("uint256", "offerId", 1)] public BigInteger OfferId { get; set; }
    [Parameter("address", "buyer", 2)] public string Buyer { get; set; } = "";
    [Parameter("uint256", "energyAmount", 3)] public BigInteger EnergyAmount { get; set; }
    [Parameter("string", "mobileMoneyRef", 4)] public string MobileMoneyRef { get; set; } = "";
}

[Function("processMobileMoneyPayment")]
public sealed class ProcessMobileMoneyPaymentFunction : FunctionMessage
{
    [Parameter("address", "user", 1)] public string User { get; set; } = "";
    [Parameter("string", "mobileMoneyRef", 2)] public string MobileMoneyRef { get; set; } = "";
    [Parameter("uint256", "energyAmount", 3)] public BigInteger EnergyAmount { get; set; }
}

[Function("cancelEnergyOffer")]
public sealed class CancelEnergyOfferFunction : FunctionMessage
{
    [Parameter("uint256", "offerId", 1)] public BigInteger OfferId { get; set; }
}

[Function("getOffer", typeof(GetOfferOutput))]
public sealed class GetOfferFunction : FunctionMessage
{
    [Parameter("uint256", "offerId", 1)] public BigInteger OfferId { get; set; }
}

[Function("isReferenceUsed", "bool")]
public sealed class IsReferenceUsedFunction : FunctionMessage
{
    [Parameter("string", "mobileMoneyRef", 1)] public string MobileMoneyRef { get; set; } = "";
}

[Function("nextOfferId", "uint256")]
public sealed class NextOfferIdFunction : FunctionMessage;

[Function("paused", "bool")]
public sealed class PausedFunction : FunctionMessage;

public enum ChainOfferStatus : byte { None = 0, Active = 1, Filled = 2, Cancelled = 3 }

public enum ChainPaymentMethod : byte { Blockchain = 0, MobileMoney = 1 }

public sealed class ChainOffer
{
    [Parameter("address", "seller", 1)] public string Seller { get; set; } = "";
    [Parameter("bool", "acceptMobileMoney", 2)] public bool AcceptMobileMoney { get; set; }
    [Parameter("uint8", "status", 3)] public byte StatusValue { get; set; }
    [Parameter("uint256", "energyAmount", 4)] public BigInteger EnergyAmount { get; set; }
    [Parameter("uint256", "remainingAmount", 5)] public BigInteger RemainingAmount { get; set; }
    [Parameter("uint256", "pricePerKwh", 6)] public BigInteger PricePerKwh { get; set; }
    [Parameter("uint256", "expiresAt", 7)] public BigInteger ExpiresAt { get; set; }
    [Parameter("uint256", "createdAt", 8)] public BigInteger CreatedAt { get; set; }

    public ChainOfferStatus Status => (ChainOfferStatus)StatusValue;
}

[FunctionOutput]
public sealed class GetOfferOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public ChainOffer Offer { get; set; } = new();
}
