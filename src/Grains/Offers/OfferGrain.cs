using Enerlectra.Abstractions.Chain;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Grains.Chain;
using Enerlectra.Grains.Infrastructure;
using Enerlectra.Grains.Market;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enerlectra.Grains.Offers;

/// <summary>
/// An offer's one address. A new offer is a resting sell order of its market's book (see MarketGrain.Offers.cs):
/// its energy is held in the seller's trading account there, and this grain keeps nothing of its own, so creating or
/// cancelling one is one journal append in the market (see OfferGrain.Book.cs). Two kinds keep their state here as
/// before: offers created directly on-chain (the contract holds their energy) and offers made before offers moved onto
/// the book (the seller's wallet holds their energy as reserved).
/// </summary>
public sealed partial class OfferGrain(
    [PersistentState("offer", StorageNames.Trading)] IPersistentState<OfferState> state,
    IOptions<TradingOptions> options,
    IOptions<MarketOptions> markets,
    Enerlectra.Chain.ChainOptions chainOptions,
    TimeProvider clock,
    ILogger<OfferGrain> logger) : Grain, IOfferGrain
{
    private readonly TradingOptions _options = options.Value;

    private OfferState S => state.State;

    private Guid OfferId => this.GetPrimaryKey();

    private string CloseOperation => $"offer-close:{OfferId:N}";

    public async Task<OfferSnapshot> CreateAsync(CreateOfferCommand command)
    {
        if (OnBook)
        {
            return await CreateOnBookAsync(command);
        }

        if (S.Command is { } existing)
        {
            if (existing != command)
            {
                throw TradingException.Conflict("An offer with this id already exists with different terms.", "offerId");
            }

            // A retried create may be retrying a failed queueing of the mirror; queueing is idempotent.
            await QueueMirrorAsync();
            return Snapshot();
        }

        var now = clock.GetUtcNow();
        OfferRules.Validate(command.EnergyWh, command.PricePerKwhNgwee, command.ExpiresAt, now);
        // Whoever calls, an offer never brings a market into being: markets are configured.
        markets.Value.RequireConfigured(command.MarketId);

        var wallet = GrainFactory.GetGrain<IWalletGrain>(command.SellerId);
        var reserveOperation = $"offer-reserve:{OfferId:N}";
        await wallet.ReserveForOfferAsync(reserveOperation, command.EnergyWh);

        S.Command = command;
        S.CreatedAt = now;
        S.Status = OfferStatus.Open;
        S.RemainingWh = command.EnergyWh;
        try
        {
            await SaveAsync();
        }
        catch
        {
            // The wallet already moved the energy to reserved; without a saved offer nothing could ever release it.
            await TryAsync(() => wallet.ReleaseReservedAsync($"offer-abort:{OfferId:N}", command.EnergyWh), "undo the wallet reservation");
            throw;
        }

        await NotifyMarketAsync(created: true);
        await QueueMirrorAsync();
        logger.LogInformation("Offer {OfferId} created by {SellerId}: {EnergyWh} Wh at {Price} ngwee/kWh", OfferId, command.SellerId, command.EnergyWh, command.PricePerKwhNgwee);
        return Snapshot();
    }

    public Task<OfferSnapshot> GetAsync()
    {
        if (OnBook)
        {
            return BookOfferAsync();
        }

        RequireCreated();
        return Task.FromResult(Snapshot());
    }

    public async Task<OfferSnapshot> CancelAsync(string requestedBy)
    {
        if (OnBook)
        {
            return await CancelOnBookAsync(requestedBy);
        }

        var command = RequireCreated();
        if (!string.Equals(requestedBy, command.SellerId, StringComparison.Ordinal))
        {
            throw TradingException.Denied("Only the seller can cancel this offer.");
        }

        if (S.Status == OfferStatus.Cancelled)
        {
            return Snapshot();
        }

        if (S.Chain is not null)
        {
            throw TradingException.Precondition("This offer was created from your own wallet; cancel it from there.", "offerId");
        }

        await ExpireIfDueAsync();
        if (!S.Status.IsTradable())
        {
            throw TradingException.Precondition($"The offer is already {StatusWords.Of(S.Status)}.", "offerId");
        }

        await CloseAsync(OfferStatus.Cancelled);
        return Snapshot();
    }

    public async Task<Reservation> ReserveAsync(Guid tradeId, string buyerId, long energyWh, PaymentMethod method)
    {
        if (OnBook)
        {
            OfferRules.ValidatePurchase(energyWh);
            return await (await MarketAsync()).HoldOfferAsync(OfferId, tradeId, buyerId, energyWh, method);
        }

        var command = RequireCreated();
        if (S.Trades.TryGetValue(tradeId, out var known))
        {
            return known.Reservation;
        }

        OfferRules.ValidatePurchase(energyWh);
        if (string.Equals(buyerId, command.SellerId, StringComparison.Ordinal))
        {
            throw TradingException.Precondition("You cannot buy your own offer.", "offerId");
        }

        if (method == PaymentMethod.MobileMoney && !command.AcceptsMobileMoney)
        {
            throw TradingException.Precondition("This offer does not accept mobile money.", "paymentMethod");
        }

        await ExpireIfDueAsync();
        if (!S.Status.IsTradable())
        {
            throw TradingException.Precondition($"The offer is no longer for sale (it is {StatusWords.Of(S.Status)}).", "offerId");
        }

        if (S.RemainingWh == 0)
        {
            // Still open, but all that is left is held for other buyers' payments: it may come back if one fails.
            throw TradingException.Precondition("Everything left on this offer is being paid for by other buyers right now. Try again in a moment, or choose another offer.", "offerId");
        }

        var wanted = energyWh == 0 ? S.RemainingWh : energyWh;
        if (wanted > S.RemainingWh)
        {
            throw TradingException.Precondition($"Only {S.RemainingWh} Wh remain on this offer; {wanted} Wh requested.", "energyWh");
        }

        var reservation = new Reservation(tradeId, OfferId, command.SellerId, buyerId, wanted, command.PricePerKwhNgwee, command.MarketId);
        S.Trades[tradeId] = new OfferTrade(reservation, OfferTradeOutcome.Pending, clock.GetUtcNow());
        S.RemainingWh -= wanted;
        S.Status = OfferStatus.PartiallyFilled;
        await SaveAsync();
        await NotifyMarketAsync(created: false);
        return reservation;
    }

    public async Task CommitAsync(Guid tradeId)
    {
        if (OnBook)
        {
            await (await MarketAsync()).SettleOfferTradeAsync(OfferId, tradeId);
            return;
        }

        RequireCreated();
        if (!S.Trades.TryGetValue(tradeId, out var trade))
        {
            throw new InvalidOperationException($"Trade {tradeId} holds no reservation on offer {OfferId}.");
        }

        switch (trade.Outcome)
        {
            case OfferTradeOutcome.Committed:
                return;
            case OfferTradeOutcome.Released:
                // A release happens only after a definite payment failure, so a later success means the provider
                // contradicted itself. Refuse loudly: an operator has to look at it.
                throw new InvalidOperationException($"Trade {tradeId} on offer {OfferId} was released and cannot be committed.");
        }

        S.Trades[tradeId] = trade with { Outcome = OfferTradeOutcome.Committed };
        S.SoldWh += trade.Reservation.EnergyWh;
        UpdateFilledStatus();
        await SaveAsync();
        await NotifyMarketAsync(created: false);
    }

    public async Task ReleaseAsync(Guid tradeId)
    {
        if (OnBook)
        {
            await (await MarketAsync()).ReleaseOfferTradeAsync(tradeId);
            return;
        }

        RequireCreated();
        if (!S.Trades.TryGetValue(tradeId, out var trade) || trade.Outcome != OfferTradeOutcome.Pending)
        {
            return;
        }

        var energy = trade.Reservation.EnergyWh;
        S.Trades[tradeId] = trade with { Outcome = OfferTradeOutcome.Released };
        if (S.Chain is not null && S.ReleasedWh < 0)
        {
            // A direct on-chain trade took energy this reservation was holding (see ApplyChainTradeAsync): the chain
            // sold it, so it does not come back on sale.
            var repaid = Math.Min(energy, -S.ReleasedWh);
            S.ReleasedWh += repaid;
            energy -= repaid;
        }

        if (energy > 0 && S.Status.IsTradable() && clock.GetUtcNow() < S.Command!.ExpiresAt)
        {
            S.RemainingWh += energy;
            S.Status = S.SoldWh == 0 && PendingWh() == 0 ? OfferStatus.Open : OfferStatus.PartiallyFilled;
        }
        else if (energy > 0)
        {
            // The offer closed while the payment was in doubt: the energy goes straight back to the seller (for a
            // chain-native offer the contract already returned it when the offer closed there).
            if (S.Chain is null)
            {
                await GrainFactory.GetGrain<IWalletGrain>(S.Command!.SellerId).ReleaseReservedAsync($"trade-release:{tradeId:N}", energy);
            }

            S.ReleasedWh += energy;
        }

        UpdateFilledStatus();
        await SaveAsync();
        await NotifyMarketAsync(created: false);
    }

    public async Task MaintainAsync()
    {
        if (S.Command is null)
        {
            // Nothing of its own: an offer on the book is expired and swept by its market.
            return;
        }

        await ExpireIfDueAsync();
        var cutoff = clock.GetUtcNow() - _options.AbandonedReservationAfter;
        foreach (var trade in S.Trades.Values.Where(t => t.Outcome == OfferTradeOutcome.Pending && t.ReservedAt < cutoff).ToList())
        {
            var tradeId = trade.Reservation.TradeId;
            if (!await GrainFactory.GetGrain<IPaymentGrain>(tradeId).ExistsAsync())
            {
                logger.LogWarning("Releasing {EnergyWh} Wh held on offer {OfferId} for trade {TradeId}, which was never recorded", trade.Reservation.EnergyWh, OfferId, tradeId);
                await ReleaseAsync(tradeId);
            }
        }
    }

    public async Task SetChainOfferIdAsync(long chainOfferId)
    {
        if (OnBook)
        {
            await (await MarketAsync()).SetOfferMirrorAsync(OfferId, chainOfferId);
            return;
        }

        RequireCreated();
        if (S.ChainOfferId == chainOfferId)
        {
            return;
        }

        if (S.ChainOfferId is { } other)
        {
            throw new InvalidOperationException($"Offer {OfferId} is already on-chain as {other}, not {chainOfferId}.");
        }

        S.ChainOfferId = chainOfferId;
        await SaveAsync();
        await NotifyMarketAsync(created: false);
    }

    public async Task MirrorLostAsync(long chainOfferId)
    {
        if (OnBook)
        {
            await MirrorLostOnBookAsync(chainOfferId);
            return;
        }

        RequireCreated();
        if (S.ChainOfferId != chainOfferId || S.Chain is not null)
        {
            return;
        }

        logger.LogWarning("Offer {OfferId}: its mirror {ChainOfferId} is no longer on the chain (reorganised away); mirroring it again", OfferId, chainOfferId);
        S.ChainOfferId = null;
        await SaveAsync();
        await NotifyMarketAsync(created: false);
        await GrainFactory.GetGrain<IChainMirrorGrain>(ChainGrains.SingletonKey).MirrorLostAsync(OfferId);
    }

    public async Task<IReadOnlyList<Guid>> GetSettledTradesAsync() =>
        OnBook
            ? await (await MarketAsync()).GetSettledOfferTradesAsync(OfferId)
            : S.Trades.Where(t => t.Value.Outcome == OfferTradeOutcome.Committed).Select(t => t.Key).ToList();

    public async Task<OfferSnapshot> CreateFromChainAsync(ChainOfferCommand command)
    {
        if (S.Command is not null)
        {
            return Snapshot();
        }

        S.Chain = command;
        S.ChainOfferId = command.ChainOfferId;
        // Bought only on-chain: mobile money would pay a seller whose energy the server does not hold.
        S.Command = new CreateOfferCommand(command.SellerId, command.EnergyWh, command.PricePerKwhNgwee, command.ExpiresAt, false, command.MarketId);
        S.CreatedAt = clock.GetUtcNow();
        S.Status = command.ExpiresAt > S.CreatedAt ? OfferStatus.Open : OfferStatus.Expired;
        S.RemainingWh = S.Status == OfferStatus.Open ? command.EnergyWh : 0;
        S.ReleasedWh = command.EnergyWh - S.RemainingWh;
        await SaveAsync();
        await NotifyMarketAsync(created: true);
        logger.LogInformation("Offer {OfferId} recorded from chain offer {ChainOfferId} by {SellerId}: {EnergyWh} Wh", OfferId, command.ChainOfferId, command.SellerId, command.EnergyWh);
        return Snapshot();
    }

    public async Task<Reservation> ApplyChainTradeAsync(Guid tradeId, string buyerId, long energyWh)
    {
        var command = RequireCreated();
        if (S.Trades.TryGetValue(tradeId, out var known))
        {
            return known.Reservation;
        }

        // The chain already moved the energy, so this records a fact rather than asking for permission: the
        // offer's own view (expiry, remaining) may lag the chain's and must not refuse it. Energy beyond what is
        // for sale here was held for a server trade that will now fail on-chain; until it is released, the shortfall
        // shows as negative released energy, so the offer's totals still add up.
        var taken = Math.Min(energyWh, S.RemainingWh);
        var reservation = new Reservation(tradeId, OfferId, command.SellerId, buyerId, energyWh, command.PricePerKwhNgwee, command.MarketId);
        S.Trades[tradeId] = new OfferTrade(reservation, OfferTradeOutcome.Committed, clock.GetUtcNow());
        S.RemainingWh -= taken;
        S.ReleasedWh -= energyWh - taken;
        S.SoldWh += energyWh;
        if (S.Status == OfferStatus.Open)
        {
            S.Status = OfferStatus.PartiallyFilled;
        }

        UpdateFilledStatus();
        await SaveAsync();
        await NotifyMarketAsync(created: false);
        return reservation;
    }

    public async Task RevokeChainTradeAsync(Guid tradeId)
    {
        RequireCreated();
        if (!S.Trades.TryGetValue(tradeId, out var trade) || trade.Outcome != OfferTradeOutcome.Committed)
        {
            return;
        }

        var energy = trade.Reservation.EnergyWh;
        S.Trades[tradeId] = trade with { Outcome = OfferTradeOutcome.Released };
        S.SoldWh -= energy;
        if (S.Status is OfferStatus.Filled or OfferStatus.PartiallyFilled && clock.GetUtcNow() < S.Command!.ExpiresAt)
        {
            S.RemainingWh += energy;
            S.Status = S.SoldWh == 0 && PendingWh() == 0 ? OfferStatus.Open : OfferStatus.PartiallyFilled;
        }
        else
        {
            S.ReleasedWh += energy;
        }

        await SaveAsync();
        await NotifyMarketAsync(created: false);
    }

    public async Task CloseFromChainAsync()
    {
        RequireCreated();
        if (S.Status is OfferStatus.Cancelled)
        {
            return;
        }

        var remaining = S.RemainingWh;
        S.ReleasedWh += remaining;
        S.RemainingWh = 0;
        S.ClosedFromStatus = S.Status;
        S.ClosedWithWh = remaining;
        S.Status = OfferStatus.Cancelled;
        await SaveAsync();
        await NotifyMarketAsync(created: false);
    }

    public async Task ReopenFromChainAsync()
    {
        RequireCreated();
        if (S.Status != OfferStatus.Cancelled || S.ClosedFromStatus is not { } previous)
        {
            return;
        }

        S.ReleasedWh -= S.ClosedWithWh;
        S.RemainingWh += S.ClosedWithWh;
        S.Status = previous;
        S.ClosedFromStatus = null;
        S.ClosedWithWh = 0;
        await SaveAsync();
        await NotifyMarketAsync(created: false);
    }

    /// <summary>
    /// Queues the on-chain mirror of this offer (so wallet holders can pay for it on-chain). The offer is already
    /// saved and usable by mobile money, so a failure is the caller's to retry (the create is idempotent).
    /// </summary>
    private async Task QueueMirrorAsync()
    {
        if (S.ChainOfferId is null && S.Chain is null && chainOptions.CanSend && chainOptions.Settings.MirrorEnabled)
        {
            await GrainFactory.GetGrain<IChainMirrorGrain>(ChainGrains.SingletonKey).EnqueueOfferAsync(OfferId);
        }
    }

    private async Task ExpireIfDueAsync()
    {
        if (S.Status.IsTradable() && clock.GetUtcNow() >= S.Command!.ExpiresAt)
        {
            await CloseAsync(OfferStatus.Expired);
        }
    }

    private async Task CloseAsync(OfferStatus status)
    {
        var remaining = S.RemainingWh;
        if (remaining > 0 && S.Chain is null)
        {
            await GrainFactory.GetGrain<IWalletGrain>(S.Command!.SellerId).ReleaseReservedAsync(CloseOperation, remaining);
        }

        S.ReleasedWh += remaining;
        S.RemainingWh = 0;
        S.Status = status;
        await SaveAsync();
        await NotifyMarketAsync(created: false);
        if (S.Chain is null && S.ChainOfferId is not null)
        {
            await GrainFactory.QueueMirrorCloseAsync(logger, OfferId);
        }

        logger.LogInformation("Offer {OfferId} {Status}; {ReleasedWh} Wh returned to the seller", OfferId, status, remaining);
    }

    private void UpdateFilledStatus()
    {
        if (S.Status.IsTradable() && S.RemainingWh == 0 && PendingWh() == 0)
        {
            S.Status = OfferStatus.Filled;
        }
    }

    private long PendingWh() => S.Trades.Values.Where(t => t.Outcome == OfferTradeOutcome.Pending).Sum(t => t.Reservation.EnergyWh);

    private async Task SaveAsync()
    {
        S.Version++;
        await state.SaveOrRollbackAsync();
    }

    private async Task NotifyMarketAsync(bool created)
    {
        // The offer is already saved; a market that missed this update is refreshed by its sweeper, so a failure
        // here must not fail the caller's (successful) request.
        await TryAsync(() => GrainFactory.GetGrain<IMarketGrain>(S.Command!.MarketId).OfferChangedAsync(Snapshot(), created), "update the market");
    }

    private Task TryAsync(Func<Task> action, string what) => logger.TryAsync(action, $"Offer {OfferId}", what);

    private CreateOfferCommand RequireCreated() =>
        S.Command ?? throw TradingException.NotFound("offerId", $"Offer {OfferId} does not exist.");

    private OfferSnapshot Snapshot()
    {
        var c = S.Command!;
        return new OfferSnapshot(
            OfferId, c.SellerId, c.MarketId, c.EnergyWh, c.PricePerKwhNgwee, S.CreatedAt, c.ExpiresAt, c.AcceptsMobileMoney,
            S.Status, S.RemainingWh, PendingWh(), S.SoldWh, S.ReleasedWh, S.Version, S.ChainOfferId, S.Chain is not null);
    }
}
