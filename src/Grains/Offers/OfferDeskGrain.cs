using Enerlectra.Abstractions.Chain;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Grains.Chain;
using Enerlectra.Grains.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Enerlectra.Grains.Offers;

/// <summary>
/// Offers on the book, created and cancelled at their market: the market holds the offer and the seller's energy, so
/// nothing here keeps state, and any number of calls run side by side: a stateless worker has at most one activation
/// per core, and without reentrancy each would hold one call at a time through the market's commit. The offer grain
/// uses the same path for the offers it is asked to create.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class OfferDeskGrain(
    IOptions<MarketOptions> markets,
    Enerlectra.Chain.ChainOptions chainOptions,
    ILogger<OfferDeskGrain> logger) : Grain, IOfferDeskGrain
{
    // GetGrain resolves the interface's grain type by reflection on every call; on this path (every offer create and
    // cancel) that showed in the profile, so each market's reference is made once per activation.
    private readonly Dictionary<string, IMarketGrain> _markets = [];

    public async Task<OfferSnapshot> CreateAsync(Guid offerId, CreateOfferCommand command)
    {
        // The terms alone first (the expiry is judged by the market after it looks for a retried create).
        OfferRules.ValidateTerms(command.EnergyWh, command.PricePerKwhNgwee);
        markets.Value.RequireConfigured(command.MarketId);
        var market = Market(command.MarketId);
        var placement = await market.PlaceOfferAsync(offerId, command);
        if (placement.ShortWh > 0)
        {
            await BringEnergyAsync(offerId, command, placement.ShortWh);
            placement = await market.PlaceOfferAsync(offerId, command);
            if (placement.ShortWh > 0)
            {
                // Spent by another of the seller's offers or orders in the meantime.
                throw NotEnoughEnergy(command.EnergyWh - placement.ShortWh, command.EnergyWh);
            }
        }

        var offer = placement.Offer!;
        if (offer.ChainOfferId is null && offer.Status.IsTradable() && chainOptions.CanSend && chainOptions.Settings.MirrorEnabled)
        {
            // Mirrored on-chain so wallet holders can pay for it there. A retried create may be retrying a failed
            // queueing of the mirror; queueing is idempotent.
            await GrainFactory.GetGrain<IChainMirrorGrain>(ChainGrains.SingletonKey).EnqueueOfferAsync(offerId);
        }

        logger.LogInformation("Offer {OfferId} on the book of {MarketId} by {SellerId}: {EnergyWh} Wh at {Price} ngwee/kWh", offerId, command.MarketId, command.SellerId, command.EnergyWh, command.PricePerKwhNgwee);
        return offer;
    }

    public async Task<OfferSnapshot> CancelAsync(Guid offerId, string requestedBy)
    {
        foreach (var marketId in markets.Value.Markets)
        {
            OfferSnapshot offer;
            try
            {
                offer = await Market(marketId).CancelOfferAsync(offerId, requestedBy);
            }
            catch (TradingException e) when (e.Kind == ErrorKind.NotFound && e.Field == "offerId")
            {
                continue;
            }

            if (offer.ChainOfferId is not null)
            {
                await GrainFactory.QueueMirrorCloseAsync(logger, offerId);
            }

            return offer;
        }

        // Not on any book: an offer with its own grain, which also answers for an offer that does not exist.
        return await GrainFactory.GetGrain<IOfferGrain>(offerId).CancelAsync(requestedBy);
    }

    private IMarketGrain Market(string marketId)
    {
        if (!_markets.TryGetValue(marketId, out var market))
        {
            market = GrainFactory.GetGrain<IMarketGrain>(marketId);
            _markets[marketId] = market;
        }

        return market;
    }

    /// <summary>
    /// Moves <paramref name="shortWh"/> of the seller's metered energy from their wallet into the market's trading
    /// account. The transfer's id comes from the offer and the amount, so a retried create repeats it only once.
    /// </summary>
    private async Task BringEnergyAsync(Guid offerId, CreateOfferCommand command, long shortWh)
    {
        var wallet = GrainFactory.GetGrain<IWalletGrain>(command.SellerId);
        var inWallet = (await wallet.GetAsync()).AvailableWh;
        if (inWallet < shortWh)
        {
            throw NotEnoughEnergy(command.EnergyWh - shortWh + inWallet, command.EnergyWh);
        }

        var transferId = DeterministicGuid.Create("offer-energy", offerId.ToString("N"), shortWh.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var transfer = await wallet.TransferToMarketAsync(transferId, command.MarketId, shortWh, $"offer-{offerId:N}-{shortWh}");
        if (transfer.Status != EnergyTransferStatus.Completed)
        {
            throw TradingException.Unavailable("Your energy is on its way to the market but not there yet; nothing was offered. Try again in a moment.");
        }
    }

    private static TradingException NotEnoughEnergy(long available, long wanted) =>
        TradingException.Precondition($"Not enough energy to offer: {available} Wh available, {wanted} Wh requested.", "energyWh");
}
