namespace Enerlectra.Exchange.Events;

/// <summary>Metered generation (or an operator's correction) arrives in a user's available energy.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.EnergyCredited")]
public sealed record EnergyCredited(
    DateTimeOffset At,
    [property: Id(0)] string UserId,
    [property: Id(1)] long Wh,
    [property: Id(2)] string Reference) : MarketJournalEvent(At);
