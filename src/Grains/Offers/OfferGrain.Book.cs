using Enerlectra.Abstractions.Chain;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Grains.Chain;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Grains.Offers;

/// <summary>
/// Offers on the book: the market holds the offer and the seller's energy, and this grain only finds the market (the
/// offer desk creates offers there; energy of a cancelled or expired offer stays in the trading account, ready for
/// the next offer).
/// </summary>
public sealed partial class OfferGrain
{
    /// <summary>The market holding this offer, once known (an offer id does not say which market it is in).</summary>
    private string? _marketId;

    /// <summary>True unless the offer keeps its own state (made on-chain, or before offers moved onto the book).</summary>
    private bool OnBook => S.Command is null;

    /// <summary>A new offer goes on the book the same way the gateway puts one there (see <see cref="OfferDeskGrain"/>).</summary>
    private async Task<OfferSnapshot> CreateOnBookAsync(CreateOfferCommand command)
    {
        var offer = await GrainFactory.GetGrain<IOfferDeskGrain>(0).CreateAsync(OfferId, command);
        _marketId = command.MarketId;
        return offer;
    }

    private async Task<OfferSnapshot> BookOfferAsync() =>
        _marketId is null
            ? await FindOnBookAsync() ?? throw OfferNotFound()
            : await GrainFactory.GetGrain<IMarketGrain>(_marketId).GetOfferAsync(OfferId) ?? throw OfferNotFound();

    private async Task<OfferSnapshot> CancelOnBookAsync(string requestedBy)
    {
        var offer = await (await MarketAsync()).CancelOfferAsync(OfferId, requestedBy);
        if (offer.ChainOfferId is not null)
        {
            await GrainFactory.QueueMirrorCloseAsync(logger, OfferId);
        }

        return offer;
    }

    private async Task MirrorLostOnBookAsync(long chainOfferId)
    {
        if (await (await MarketAsync()).OfferMirrorLostAsync(OfferId, chainOfferId))
        {
            logger.LogWarning("Offer {OfferId}: its mirror {ChainOfferId} is no longer on the chain (reorganised away); mirroring it again", OfferId, chainOfferId);
            await GrainFactory.GetGrain<IChainMirrorGrain>(ChainGrains.SingletonKey).MirrorLostAsync(OfferId);
        }
    }

    /// <summary>The market holding this offer: asked of each configured market (a handful) once per activation.</summary>
    private async Task<IMarketGrain> MarketAsync()
    {
        if (_marketId is null)
        {
            await FindOnBookAsync();
        }

        return _marketId is null ? throw OfferNotFound() : GrainFactory.GetGrain<IMarketGrain>(_marketId);
    }

    /// <summary>Looks for the offer in each configured market; remembers and returns it where found.</summary>
    private async Task<OfferSnapshot?> FindOnBookAsync()
    {
        foreach (var marketId in markets.Value.Markets)
        {
            if (await GrainFactory.GetGrain<IMarketGrain>(marketId).GetOfferAsync(OfferId) is { } offer)
            {
                _marketId = marketId;
                return offer;
            }
        }

        return null;
    }

    private TradingException OfferNotFound() => TradingException.NotFound("offerId", $"Offer {OfferId} does not exist.");
}
