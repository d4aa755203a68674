namespace Enerlectra.Exchange.Events;

/// <summary>Money a provider (or the chain) confirmed as collected arrives in a user's available balance.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.MoneyDeposited")]
public sealed record MoneyDeposited(
    DateTimeOffset At,
    [property: Id(0)] string UserId,
    [property: Id(1)] long Ngwee,
    [property: Id(2)] string Reference,
    [property: Id(3)] string Channel) : MarketJournalEvent(At);
