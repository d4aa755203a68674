using Enerlectra.Abstractions.Identity;

namespace Enerlectra.Abstractions.Payments;

/// <summary>Trade ids double as the provider's payment reference, which must be a version-4 UUID.</summary>
public static class TradeIds
{
    public static Guid New() => Guid.NewGuid();

    /// <summary>The same buyer and key always give the same trade id.</summary>
    public static Guid FromIdempotencyKey(string buyerId, string idempotencyKey) =>
        DeterministicGuid.Create("trade", buyerId, idempotencyKey);
}
