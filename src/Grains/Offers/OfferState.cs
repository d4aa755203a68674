using Enerlectra.Abstractions.Offers;

namespace Enerlectra.Grains.Offers;

[GenerateSerializer, Alias("enerlectra.OfferState")]
public sealed record OfferState
{
    /// <summary>The command that created the offer; null until created. Kept to recognise a repeated create.</summary>
    [Id(0)] public CreateOfferCommand? Command { get; set; }
    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
    [Id(2)] public OfferStatus Status { get; set; }
    [Id(3)] public long RemainingWh { get; set; }
    [Id(4)] public long SoldWh { get; set; }
    [Id(5)] public long ReleasedWh { get; set; }
    [Id(6)] public Dictionary<Guid, OfferTrade> Trades { get; set; } = [];
    [Id(7)] public long Version { get; set; }

    /// <summary>The offer's id on-chain once mirrored (or, for a chain-native offer, where it was created).</summary>
    [Id(8)] public long? ChainOfferId { get; set; }

    /// <summary>Set for an offer created directly on-chain: the contract holds its energy, no wallet does.</summary>
    [Id(9)] public Abstractions.Chain.ChainOfferCommand? Chain { get; set; }

    /// <summary>How a chain-native offer stood before a cancel recorded from the chain, so a reorganisation can undo it.</summary>
    [Id(10)] public OfferStatus? ClosedFromStatus { get; set; }
    [Id(11)] public long ClosedWithWh { get; set; }
}

/// <summary>One trade's hold on this offer and how it ended.</summary>
[GenerateSerializer, Alias("enerlectra.OfferTrade")]
public sealed record OfferTrade(
    [property: Id(0)] Reservation Reservation,
    [property: Id(1)] OfferTradeOutcome Outcome,
    [property: Id(2)] DateTimeOffset ReservedAt);

public enum OfferTradeOutcome
{
    Pending = 0,
    Committed = 1,
    Released = 2,
}
