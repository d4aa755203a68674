namespace Enerlectra.Exchange.Model;

/// <summary>What makes a sell order a household offer: its public id, whether it takes mobile money, its expiry.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.OfferTerms")]
public sealed record OfferTerms(
    [property: Id(0)] Guid OfferId,
    [property: Id(1)] bool AcceptsMobileMoney);
