namespace Enerlectra.Exchange.Events;

/// <summary>Which of a user's money goes out: their trading balance (a withdrawal) or their sale earnings (a payout).</summary>
[GenerateSerializer, Alias("enerlectra.exchange.PayoutSource")]
public enum PayoutSource
{
    Balance = 0,
    Earnings = 1,
}

/// <summary>Money leaves a user's balance or earnings for their phone; held until the provider's answer is definite.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.PayoutRequested")]
public sealed record PayoutRequested(
    DateTimeOffset At,
    [property: Id(0)] string UserId,
    [property: Id(1)] Guid PayoutId,
    [property: Id(2)] long Ngwee,
    [property: Id(3)] PayoutSource Source,
    [property: Id(4)] string Channel) : MarketJournalEvent(At);

/// <summary>The provider paid (money leaves the market) or definitely did not (it returns where it came from).</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.PayoutSettled")]
public sealed record PayoutSettled(
    DateTimeOffset At,
    [property: Id(0)] Guid PayoutId,
    [property: Id(1)] bool Paid,
    [property: Id(2)] string UserId,
    [property: Id(3)] long Ngwee,
    [property: Id(4)] PayoutSource Source,
    [property: Id(5)] string Channel) : MarketJournalEvent(At);
