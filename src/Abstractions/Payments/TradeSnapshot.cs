using Enerlectra.Abstractions.Phones;
using Orleans;

namespace Enerlectra.Abstractions.Payments;

/// <summary>
/// A trade and its payment as the buyer and seller see them. <see cref="ChainTransactionHash"/> is set when the
/// buyer paid from a connected wallet; <see cref="FallbackReason"/> says why such a payment did not go through
/// when the trade then fell back to mobile money; <see cref="RecordedFromChain"/> marks a trade made directly
/// on-chain that this server recorded.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.TradeSnapshot")]
public sealed record TradeSnapshot(
    [property: Id(0)] Guid TradeId,
    [property: Id(1)] Guid OfferId,
    [property: Id(2)] string MarketId,
    [property: Id(3)] string SellerId,
    [property: Id(4)] string BuyerId,
    [property: Id(5)] long EnergyWh,
    [property: Id(6)] long PricePerKwhNgwee,
    [property: Id(7)] long AmountNgwee,
    [property: Id(8)] long FeeNgwee,
    [property: Id(9)] long SellerNetNgwee,
    [property: Id(10)] PaymentMethod Method,
    [property: Id(11)] MobileNetwork Network,
    [property: Id(12)] string PayerMsisdn,
    [property: Id(13)] TradeStatus Status,
    [property: Id(14)] PaymentState PaymentState,
    [property: Id(15)] string? FailureReason,
    [property: Id(16)] string? ProviderTransactionId,
    [property: Id(17)] DateTimeOffset CreatedAt,
    [property: Id(18)] DateTimeOffset UpdatedAt,
    [property: Id(19)] string? IdempotencyKey,
    [property: Id(20)] string? ChainTransactionHash = null,
    [property: Id(21)] string? FallbackReason = null,
    [property: Id(22)] bool RecordedFromChain = false);
