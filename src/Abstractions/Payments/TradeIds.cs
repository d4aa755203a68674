using Enerlectra.Abstractions.Errors;

namespace Enerlectra.Abstractions.Payments;

/// <summary>
/// Trade ids double as the provider's payment reference, which must be a version-4 UUID and must not be guessable.
/// A trade with an idempotency key gets a keyed id (<see cref="Identity.KeyedIds.TradeId"/>); one without, a random one.
/// </summary>
public static class TradeIds
{
    public static Guid New() => Guid.NewGuid();

    /// <summary>
    /// The one answer for a trade id the caller cannot see, whether it does not exist or belongs to others, so the
    /// answer never tells which ids are real trades.
    /// </summary>
    public static TradingException NotFound(Guid tradeId) => TradingException.NotFound("tradeId", $"Trade {tradeId} does not exist.");
}
