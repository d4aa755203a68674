namespace Enerlectra.Exchange.Events;

/// <summary>
/// A credited deposit was never collected after all (a chain reorganisation took its collection away and it could
/// not be taken again): <see cref="ReversedNgwee"/> leaves the user's available balance and the rest,
/// <see cref="OwedNgwee"/>, already spent, is recorded as owed by the user. Together they are the deposit's amount,
/// returned to the clearing account of <see cref="Channel"/>, which never received it.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.DepositReversed")]
public sealed record DepositReversed(
    DateTimeOffset At,
    [property: Id(0)] string UserId,
    [property: Id(1)] string Reference,
    [property: Id(2)] long ReversedNgwee,
    [property: Id(3)] long OwedNgwee,
    [property: Id(4)] string Channel) : MarketJournalEvent(At);
