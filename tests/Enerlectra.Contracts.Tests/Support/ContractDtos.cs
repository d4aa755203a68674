using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Enerlectra.Contracts.Tests.Support;

// Typed views of the contracts' events and structs, written from contracts/src; the ABI in the artifacts is the
// authority, and a mismatch here shows up as a decoding failure in the tests.

public enum OfferStatus : byte { None = 0, Active = 1, Filled = 2, Cancelled = 3 }

public enum PaymentMethod : byte { Blockchain = 0, MobileMoney = 1 }

public class OfferData
{
    [Parameter("address", "seller", 1)] public string Seller { get; set; } = "";
    [Parameter("bool", "acceptMobileMoney", 2)] public bool AcceptMobileMoney { get; set; }
    [Parameter("uint8", "status", 3)] public byte StatusValue { get; set; }
    [Parameter("uint256", "energyAmount", 4)] public BigInteger EnergyAmount { get; set; }
    [Parameter("uint256", "remainingAmount", 5)] public BigInteger RemainingAmount { get; set; }
    [Parameter("uint256", "pricePerKwh", 6)] public BigInteger PricePerKwh { get; set; }
    [Parameter("uint256", "expiresAt", 7)] public BigInteger ExpiresAt { get; set; }
    [Parameter("uint256", "createdAt", 8)] public BigInteger CreatedAt { get; set; }

    public OfferStatus Status => (OfferStatus)StatusValue;
}

[FunctionOutput]
public class GetOfferOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public OfferData Offer { get; set; } = new();
}

[FunctionOutput]
public class PriceOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "totalPrice", 1)] public BigInteger TotalPrice { get; set; }
    [Parameter("uint256", "fee", 2)] public BigInteger Fee { get; set; }
    [Parameter("uint256", "sellerAmount", 3)] public BigInteger SellerAmount { get; set; }
}

[Event("EnergyOfferCreated")]
public class EnergyOfferCreatedEvent : IEventDTO
{
    [Parameter("uint256", "offerId", 1, true)] public BigInteger OfferId { get; set; }
    [Parameter("address", "seller", 2, true)] public string Seller { get; set; } = "";
    [Parameter("uint256", "energyAmount", 3, false)] public BigInteger EnergyAmount { get; set; }
    [Parameter("uint256", "pricePerKwh", 4, false)] public BigInteger PricePerKwh { get; set; }
    [Parameter("uint256", "expiresAt", 5, false)] public BigInteger ExpiresAt { get; set; }
    [Parameter("bool", "acceptMobileMoney", 6, false)] public bool AcceptMobileMoney { get; set; }
}

[Event("TradeExecuted")]
public class TradeExecutedEvent : IEventDTO
{
    [Parameter("uint256", "offerId", 1, true)] public BigInteger OfferId { get; set; }
    [Parameter("address", "buyer", 2, true)] public string Buyer { get; set; } = "";
    [Parameter("address", "seller", 3, true)] public string Seller { get; set; } = "";
    [Parameter("uint256", "energyAmount", 4, false)] public BigInteger EnergyAmount { get; set; }
    [Parameter("uint256", "totalPrice", 5, false)] public BigInteger TotalPrice { get; set; }
    [Parameter("uint256", "fee", 6, false)] public BigInteger Fee { get; set; }
    [Parameter("uint8", "paymentMethod", 7, false)] public byte PaymentMethodValue { get; set; }

    public PaymentMethod PaymentMethod => (PaymentMethod)PaymentMethodValue;
}

[Event("MobileMoneyPaymentReceived")]
public class MobileMoneyPaymentReceivedEvent : IEventDTO
{
    [Parameter("address", "user", 1, true)] public string User { get; set; } = "";
    [Parameter("string", "mobileMoneyRef", 2, false)] public string MobileMoneyRef { get; set; } = "";
    [Parameter("uint256", "energyAmount", 3, false)] public BigInteger EnergyAmount { get; set; }
    [Parameter("uint256", "offerId", 4, true)] public BigInteger OfferId { get; set; }
}

[Event("EnergyOfferCancelled")]
public class EnergyOfferCancelledEvent : IEventDTO
{
    [Parameter("uint256", "offerId", 1, true)] public BigInteger OfferId { get; set; }
    [Parameter("address", "seller", 2, true)] public string Seller { get; set; } = "";
    [Parameter("uint256", "returnedAmount", 3, false)] public BigInteger ReturnedAmount { get; set; }
    [Parameter("address", "cancelledBy", 4, false)] public string CancelledBy { get; set; } = "";
}

[Event("EnergyOfferUpdated")]
public class EnergyOfferUpdatedEvent : IEventDTO
{
    [Parameter("uint256", "offerId", 1, true)] public BigInteger OfferId { get; set; }
    [Parameter("uint256", "remainingAmount", 2, false)] public BigInteger RemainingAmount { get; set; }
    [Parameter("uint8", "status", 3, false)] public byte StatusValue { get; set; }

    public OfferStatus Status => (OfferStatus)StatusValue;
}

[Event("FeeUpdated")]
public class FeeUpdatedEvent : IEventDTO
{
    [Parameter("uint256", "oldFeeBps", 1, false)] public BigInteger OldFeeBps { get; set; }
    [Parameter("uint256", "newFeeBps", 2, false)] public BigInteger NewFeeBps { get; set; }
}

[Event("FeeRecipientUpdated")]
public class FeeRecipientUpdatedEvent : IEventDTO
{
    [Parameter("address", "oldRecipient", 1, false)] public string OldRecipient { get; set; } = "";
    [Parameter("address", "newRecipient", 2, false)] public string NewRecipient { get; set; } = "";
}

[Event("GenerationMinted")]
public class GenerationMintedEvent : IEventDTO
{
    [Parameter("address", "to", 1, true)] public string To { get; set; } = "";
    [Parameter("bytes32", "readingId", 2, true)] public byte[] ReadingId { get; set; } = [];
    [Parameter("uint256", "amountWh", 3, false)] public BigInteger AmountWh { get; set; }
}

[Event("Transfer")]
public class TransferEvent : IEventDTO
{
    [Parameter("address", "from", 1, true)] public string From { get; set; } = "";
    [Parameter("address", "to", 2, true)] public string To { get; set; } = "";
    [Parameter("uint256", "value", 3, false)] public BigInteger Value { get; set; }
}

[Event("Paused")]
public class PausedEvent : IEventDTO
{
    [Parameter("address", "account", 1, false)] public string Account { get; set; } = "";
}

[Event("Unpaused")]
public class UnpausedEvent : IEventDTO
{
    [Parameter("address", "account", 1, false)] public string Account { get; set; } = "";
}
