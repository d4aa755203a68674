namespace Enerlectra.Exchange.Events;

/// <summary>
/// One fact in a market's journal. The market's state is the journal applied in order by
/// <see cref="MarketLedger.Apply"/>, so every field an Apply needs is in the event (nothing is recomputed on replay).
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.MarketJournalEvent")]
public abstract record MarketJournalEvent([property: Id(0)] DateTimeOffset At);
