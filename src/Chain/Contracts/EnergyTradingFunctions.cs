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

/// <summary>Admin only: stops offers and trades (cancels stay possible).</summary>
[Function("pause")]
public sealed class PauseFunction : FunctionMessage;

[Function("unpause")]
public sealed class UnpauseFunction : FunctionMessage;

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

// Server-managed offers and operator-executed wallet payments, keyed by the server's ids (ChainIds.ToBytes32).

/// <summary>Mirrors one of the server's offers on-chain (operator only); sold from the operator's energy inventory.</summary>
[Function("mirrorEnergyOffer", "uint256")]
public sealed class MirrorEnergyOfferFunction : FunctionMessage
{
    /// <summary>The server's offer id as bytes32 (<see cref="ChainIds.ToBytes32(System.Guid)"/>); never all zero.</summary>
    [Parameter("bytes32", "serverOfferId", 1)] public byte[] ServerOfferId { get; set; } = [];
    [Parameter("uint256", "energyAmount", 2)] public BigInteger EnergyAmount { get; set; }
    [Parameter("uint256", "pricePerKwh", 3)] public BigInteger PricePerKwh { get; set; }

    /// <summary>Unix seconds; may already be past (the server owns its offers' expiry), at most 30 days ahead.</summary>
    [Parameter("uint256", "expiresAt", 4)] public BigInteger ExpiresAt { get; set; }
}

/// <summary>
/// Executes one of the server's trades on-chain for a buyer who connected a wallet: the buyer's payment tokens (the
/// buyer approved the contract) pay the seller and the fee recipient, the buyer gets the energy. Operator only; each
/// trade ref once.
/// </summary>
[Function("executeTradeFor")]
public sealed class ExecuteTradeForFunction : FunctionMessage
{
    /// <summary>The server's trade id as bytes32 (<see cref="ChainIds.ToBytes32(System.Guid)"/>); never all zero.</summary>
    [Parameter("bytes32", "tradeRef", 1)] public byte[] TradeRef { get; set; } = [];
    [Parameter("uint256", "offerId", 2)] public BigInteger OfferId { get; set; }
    [Parameter("address", "buyer", 3)] public string Buyer { get; set; } = "";

    /// <summary>Wh to buy; 0 buys all that remains.</summary>
    [Parameter("uint256", "energyAmount", 4)] public BigInteger EnergyAmount { get; set; }
}

/// <summary>
/// Collects one of the server's trades again after a reorganisation undid its executeTradeFor and the offer's mirror
/// was closed meanwhile: the buyer pays as in executeTradeFor, the energy comes from the operator's inventory (where
/// the close returned it). Operator only; the same trade refs as executeTradeFor, each paid once by either.
/// </summary>
[Function("recollectTradeFor")]
public sealed class RecollectTradeForFunction : FunctionMessage
{
    /// <summary>The server's trade id as bytes32 (<see cref="ChainIds.ToBytes32(System.Guid)"/>); never all zero.</summary>
    [Parameter("bytes32", "tradeRef", 1)] public byte[] TradeRef { get; set; } = [];

    /// <summary>The closed mirror the trade was on.</summary>
    [Parameter("uint256", "offerId", 2)] public BigInteger OfferId { get; set; }
    [Parameter("address", "buyer", 3)] public string Buyer { get; set; } = "";

    /// <summary>Wh the trade bought; more than zero, at most the offer's original size.</summary>
    [Parameter("uint256", "energyAmount", 4)] public BigInteger EnergyAmount { get; set; }
}

/// <summary>The on-chain offer id of a server offer; 0 if it is not mirrored.</summary>
[Function("offerIdForServerOffer", "uint256")]
public sealed class OfferIdForServerOfferFunction : FunctionMessage
{
    [Parameter("bytes32", "serverOfferId", 1)] public byte[] ServerOfferId { get; set; } = [];
}

/// <summary>The server offer id of an on-chain offer; all zero for an offer created directly on-chain.</summary>
[Function("serverOfferIdOf", "bytes32")]
public sealed class ServerOfferIdOfFunction : FunctionMessage
{
    [Parameter("uint256", "offerId", 1)] public BigInteger OfferId { get; set; }
}

/// <summary>Whether executeTradeFor already executed this server trade.</summary>
[Function("isTradeRecorded", "bool")]
public sealed class IsTradeRecordedFunction : FunctionMessage
{
    [Parameter("bytes32", "tradeRef", 1)] public byte[] TradeRef { get; set; } = [];
}
