using Enerlectra.Abstractions.Identity;

namespace Enerlectra.Abstractions.Offers;

public static class OfferIds
{
    /// <summary>The same seller and key always give the same offer id.</summary>
    public static Guid FromIdempotencyKey(string sellerId, string idempotencyKey) =>
        DeterministicGuid.Create("offer", sellerId, idempotencyKey);
}
