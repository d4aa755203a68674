using Orleans;

namespace Enerlectra.Abstractions.Offers;

/// <summary>
/// Where the gateway creates and cancels offers. An offer on the book is a resting sell order held by its market, so
/// these go straight to the market, without activating a grain per offer (a stateless worker: one per silo core, no
/// state, no storage read); an offer that keeps its own grain (made on-chain, or before offers moved onto the book)
/// is handed to that grain.
/// </summary>
[Alias("enerlectra.IOfferDeskGrain")]
public interface IOfferDeskGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Puts a new offer with id <paramref name="offerId"/> on its market's book, bringing the seller's energy there
    /// from the wallet when their trading account holds too little. Repeating the same command returns the offer.
    /// </summary>
    [Alias("Create")]
    Task<OfferSnapshot> CreateAsync(Guid offerId, CreateOfferCommand command);

    /// <summary>Cancels the offer on behalf of its seller; the unsold rest stays the seller's.</summary>
    [Alias("Cancel")]
    Task<OfferSnapshot> CancelAsync(Guid offerId, string requestedBy);
}
