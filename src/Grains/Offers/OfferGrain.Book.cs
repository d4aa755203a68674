using Enerlectra.Abstractions.Chain;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Wallets;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Grains.Offers;

/// <summary>
/// Offers on the book: the market holds the offer and the seller's energy, and this grain only finds the market and
/// brings the seller's energy there when their trading account holds too little (from the wallet, by an idempotent
/// transfer). Energy of a cancelled or expired offer stays in the trading account, ready for the next offer.
/// </summary>
public sealed partial class OfferGrain
{
    /// <summary>The market holding this offer, once known (an offer id does not say which market it is in).</summary>
    private string? _marketId;

    /// <summary>True unless the offer keeps its own state (made on-chain, or before offers moved onto the book).</summary>
    private bool OnBook => S.Command is null;

    private async Task<OfferSnapshot> CreateOnBookAsync(CreateOfferCommand command)
    {
        // The terms alone first (the expiry is judged by the market after it looks for a retried create).
        OfferRules.ValidateTerms(command.EnergyWh, command.PricePerKwhNgwee);
        markets.Value.RequireConfigured(command.MarketId);
        var market = GrainFactory.GetGrain<IMarketGrain>(command.MarketId);
        var placement = await market.PlaceOfferAsync(OfferId, command);
        if (placement.ShortWh > 0)
        {
            await BringEnergyAsync(command, placement.ShortWh);
            placement = await market.PlaceOfferAsync(OfferId, command);
            if (placement.ShortWh > 0)
            {
                // Spent by another of the seller's offers or orders in the meantime.
                throw NotEnoughEnergy(command.EnergyWh - placement.ShortWh, command.EnergyWh);
            }
        }

        _marketId = command.MarketId;
        var offer = placement.Offer!;
        if (offer.ChainOfferId is null && offer.Status.IsTradable())
        {
            // A retried create may be retrying a failed queueing of the mirror; queueing is idempotent.
            await QueueMirrorAsync();
        }

        logger.LogInformation("Offer {OfferId} on the book of {MarketId} by {SellerId}: {EnergyWh} Wh at {Price} ngwee/kWh", OfferId, command.MarketId, command.SellerId, command.EnergyWh, command.PricePerKwhNgwee);
        return offer;
    }

    /// <summary>
    /// Moves <paramref name="shortWh"/> of the seller's metered energy from their wallet into the market's trading
    /// account. The transfer's id comes from the offer and the amount, so a retried create repeats it only once.
    /// </summary>
    private async Task BringEnergyAsync(CreateOfferCommand command, long shortWh)
    {
        var wallet = GrainFactory.GetGrain<IWalletGrain>(command.SellerId);
        var inWallet = (await wallet.GetAsync()).AvailableWh;
        if (inWallet < shortWh)
        {
            throw NotEnoughEnergy(command.EnergyWh - shortWh + inWallet, command.EnergyWh);
        }

        var transferId = DeterministicGuid.Create("offer-energy", OfferId.ToString("N"), shortWh.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var transfer = await wallet.TransferToMarketAsync(transferId, command.MarketId, shortWh, $"offer-{OfferId:N}-{shortWh}");
        if (transfer.Status != EnergyTransferStatus.Completed)
        {
            throw TradingException.Unavailable("Your energy is on its way to the market but not there yet; nothing was offered. Try again in a moment.");
        }
    }

    private static TradingException NotEnoughEnergy(long available, long wanted) =>
        TradingException.Precondition($"Not enough energy to offer: {available} Wh available, {wanted} Wh requested.", "energyWh");

    private async Task<OfferSnapshot> BookOfferAsync() =>
        await (await MarketAsync()).GetOfferAsync(OfferId) ?? throw OfferNotFound();

    private async Task<OfferSnapshot> CancelOnBookAsync(string requestedBy)
    {
        var offer = await (await MarketAsync()).CancelOfferAsync(OfferId, requestedBy);
        if (offer.ChainOfferId is not null)
        {
            // Its on-chain mirror still escrows the unsold energy: close that too (asynchronously, like all mirroring).
            await TryAsync(() => GrainFactory.GetGrain<IChainMirrorGrain>(ChainGrains.SingletonKey).EnqueueOfferCloseAsync(OfferId), "queue the on-chain close");
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
            foreach (var marketId in markets.Value.Markets)
            {
                if (await GrainFactory.GetGrain<IMarketGrain>(marketId).GetOfferAsync(OfferId) is not null)
                {
                    _marketId = marketId;
                    break;
                }
            }
        }

        return _marketId is null ? throw OfferNotFound() : GrainFactory.GetGrain<IMarketGrain>(_marketId);
    }

    private TradingException OfferNotFound() => TradingException.NotFound("offerId", $"Offer {OfferId} does not exist.");
}
