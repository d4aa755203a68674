using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Pricing;

namespace Enerlectra.Grains.Payments;

[GenerateSerializer, Alias("enerlectra.PaymentGrainState")]
public sealed record PaymentGrainState
{
    /// <summary>The request that started the trade; null until started. Kept to recognise a replayed request.</summary>
    [Id(0)] public TradeRequest? Request { get; set; }
    [Id(1)] public Reservation? Reservation { get; set; }
    [Id(2)] public TradePrice? Price { get; set; }
    [Id(3)] public PaymentMethod Method { get; set; }
    [Id(4)] public TradeStatus Status { get; set; }
    [Id(5)] public PaymentState PaymentState { get; set; }
    [Id(6)] public string? FailureReason { get; set; }
    [Id(7)] public string? ProviderTransactionId { get; set; }
    [Id(8)] public DateTimeOffset CreatedAt { get; set; }
    [Id(9)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>How many times we asked the provider to collect; the reference stays the same every time.</summary>
    [Id(10)] public int Submissions { get; set; }

    /// <summary>The buyer's linked wallet address when paying on-chain.</summary>
    [Id(11)] public string? BuyerAddress { get; set; }

    /// <summary>The offer's on-chain id when paying on-chain.</summary>
    [Id(12)] public long? ChainOfferId { get; set; }

    /// <summary>The last on-chain payment transaction sent (or found); what an unknown outcome is reconciled by.</summary>
    [Id(13)] public string? ChainTransactionHash { get; set; }

    /// <summary>Why paying on-chain definitely failed, when the trade then fell back to mobile money.</summary>
    [Id(14)] public string? ChainFailure { get; set; }

    /// <summary>The offer was created directly on-chain: the seller was paid on-chain, at their own address.</summary>
    [Id(15)] public bool ChainNative { get; set; }

    /// <summary>The trade happened on-chain without this server and was recorded by the chain listener.</summary>
    [Id(16)] public bool Imported { get; set; }

    /// <summary>
    /// A chain reorganisation dropped the block of this (settled) wallet payment: it must be collected again, under
    /// the same trade id, so the trade is still paid exactly once.
    /// </summary>
    [Id(17)] public bool ChainPaymentLost { get; set; }

    /// <summary>
    /// Digests of the signed provider callbacks this trade has received (oldest first, at most a few), so a captured
    /// one sent again is refused as a replay, also after a restart.
    /// </summary>
    [Id(18)] public List<string> SeenCallbacks { get; set; } = [];

    /// <summary>
    /// The number that pays by mobile money: the buyer's verified phone when the trade started (or when a wallet
    /// payment fell back), whatever the request said; "" when there is none. Null for trades stored before payers
    /// were resolved here (the request's number was used then).
    /// </summary>
    [Id(19)] public string? PayerMsisdn { get; set; }
    [Id(20)] public MobileNetwork? PayerNetwork { get; set; }
}
