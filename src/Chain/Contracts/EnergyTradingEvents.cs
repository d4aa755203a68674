using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace Enerlectra.Chain.Contracts;

// EnergyTrading's events (the chain listener decodes the two server events in Listening/ChainEventDecoder by topic).

[Event("EnergyOfferCreated")]
public sealed class EnergyOfferCreatedEvent : IEventDTO
{
    [Parameter("uint256", "offerId", 1, true)] public BigInteger OfferId { get; set; }
    [Parameter("address", "seller", 2, true)] public string Seller { get; set; } = "";
    [Parameter("uint256", "energyAmount", 3, false)] public BigInteger EnergyAmount { get; set; }
    [Parameter("uint256", "pricePerKwh", 4, false)] public BigInteger PricePerKwh { get; set; }
    [Parameter("uint256", "expiresAt", 5, false)] public BigInteger ExpiresAt { get; set; }
    [Parameter("bool", "acceptMobileMoney", 6, false)] public bool AcceptMobileMoney { get; set; }
}

[Event("TradeExecuted")]
public sealed class TradeExecutedEvent : IEventDTO
{
    [Parameter("uint256", "offerId", 1, true)] public BigInteger OfferId { get; set; }
    [Parameter("address", "buyer", 2, true)] public string Buyer { get; set; } = "";
    [Parameter("address", "seller", 3, true)] public string Seller { get; set; } = "";
    [Parameter("uint256", "energyAmount", 4, false)] public BigInteger EnergyAmount { get; set; }
    [Parameter("uint256", "totalPrice", 5, false)] public BigInteger TotalPrice { get; set; }
    [Parameter("uint256", "fee", 6, false)] public BigInteger Fee { get; set; }
    [Parameter("uint8", "paymentMethod", 7, false)] public byte PaymentMethodValue { get; set; }

    public ChainPaymentMethod PaymentMethod => (ChainPaymentMethod)PaymentMethodValue;
}

[Event("MobileMoneyPaymentReceived")]
public sealed class MobileMoneyPaymentReceivedEvent : IEventDTO
{
    [Parameter("address", "user", 1, true)] public string User { get; set; } = "";
    [Parameter("string", "mobileMoneyRef", 2, false)] public string MobileMoneyRef { get; set; } = "";
    [Parameter("uint256", "energyAmount", 3, false)] public BigInteger EnergyAmount { get; set; }
    [Parameter("uint256", "offerId", 4, true)] public BigInteger OfferId { get; set; }
}

[Event("EnergyOfferCancelled")]
public sealed class EnergyOfferCancelledEvent : IEventDTO
{
    [Parameter("uint256", "offerId", 1, true)] public BigInteger OfferId { get; set; }
    [Parameter("address", "seller", 2, true)] public string Seller { get; set; } = "";
    [Parameter("uint256", "returnedAmount", 3, false)] public BigInteger ReturnedAmount { get; set; }
    [Parameter("address", "cancelledBy", 4, false)] public string CancelledBy { get; set; } = "";
}

[Event("EnergyOfferUpdated")]
public sealed class EnergyOfferUpdatedEvent : IEventDTO
{
    [Parameter("uint256", "offerId", 1, true)] public BigInteger OfferId { get; set; }
    [Parameter("uint256", "remainingAmount", 2, false)] public BigInteger RemainingAmount { get; set; }
    [Parameter("uint8", "status", 3, false)] public byte StatusValue { get; set; }

    public ChainOfferStatus Status => (ChainOfferStatus)StatusValue;
}

/// <summary>The server's offer is on-chain (follows the offer's EnergyOfferCreated in the same transaction).</summary>
[Event("OfferMirrored")]
public sealed class OfferMirroredEvent : IEventDTO
{
    [Parameter("bytes32", "serverOfferId", 1, true)] public byte[] ServerOfferId { get; set; } = [];
    [Parameter("uint256", "offerId", 2, true)] public BigInteger OfferId { get; set; }
}

/// <summary>The operator executed the server's trade for a wallet buyer (follows the trade's TradeExecuted).</summary>
[Event("ServerTradeExecuted")]
public sealed class ServerTradeExecutedEvent : IEventDTO
{
    [Parameter("bytes32", "tradeRef", 1, true)] public byte[] TradeRef { get; set; } = [];
    [Parameter("uint256", "offerId", 2, true)] public BigInteger OfferId { get; set; }
    [Parameter("address", "buyer", 3, true)] public string Buyer { get; set; } = "";
}
