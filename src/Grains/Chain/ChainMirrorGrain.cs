using Enerlectra.Abstractions.Chain;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.WalletConnections;
using Enerlectra.Chain;
using Enerlectra.Grains.Infrastructure;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Enerlectra.Grains.Chain;

/// <summary>
/// Records this server's offers and mobile-money trades on-chain, after the fact and in order. Each step is keyed
/// on-chain by the server's own id (offer id, trade id as the reference), so it is checked before it is sent and a
/// step repeated after a crash or an unknown outcome changes nothing. A chain outage only delays the queue: the
/// timer retries with back-off, the reminder brings the grain back after a restart, and the queue is durable.
/// Reentrant so that queueing (on every trade) never waits behind a transaction being mined.
/// </summary>
[Reentrant]
public sealed class ChainMirrorGrain : Grain, IChainMirrorGrain, IRemindable
{
    private const string KeepAliveReminder = "chain-mirror";
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly IPersistentState<ChainMirrorState> _state;
    private readonly ChainRail _rail;
    private readonly TimeProvider _clock;
    private readonly ILogger<ChainMirrorGrain> _logger;
    private readonly CoalescingWriter _writer;
    private Task? _draining;
    private DateTimeOffset _retryAt;
    private TimeSpan _retryDelay;

    public ChainMirrorGrain(
        [PersistentState("chainMirror", StorageNames.Trading)] IPersistentState<ChainMirrorState> state,
        ChainRail rail,
        TimeProvider clock,
        ILogger<ChainMirrorGrain> logger)
    {
        _state = state;
        _rail = rail;
        _clock = clock;
        _logger = logger;
        _writer = new CoalescingWriter(() => _state.WriteStateAsync(), DeactivateOnIdle);
        _retryDelay = rail.Options.Settings.MirrorRetryInterval;
    }

    private ChainMirrorState S => _state.State;

    private bool Enabled => _rail.CanSend && _rail.Options.Settings.MirrorEnabled;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        var interval = _rail.Options.Settings.MirrorRetryInterval;
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(interval, interval) { Interleave = true, KeepAlive = true });
        if (S.Queue.Count > 0)
        {
            await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
    }

    public Task EnqueueOfferAsync(Guid offerId) => EnqueueAsync(MirrorJobKind.Offer, offerId);

    public Task EnqueueTradeAsync(Guid tradeId) => EnqueueAsync(MirrorJobKind.Trade, tradeId);

    public Task EnqueueOfferCloseAsync(Guid offerId) => EnqueueAsync(MirrorJobKind.CloseOffer, offerId);

    public async Task MirrorLostAsync(Guid offerId)
    {
        await EnqueueAsync(MirrorJobKind.Offer, offerId);
        await EnqueueAsync(MirrorJobKind.RecoverTrades, offerId);
    }

    public async Task<ChainMirrorStatus> RunNowAsync()
    {
        _retryAt = DateTimeOffset.MinValue;
        await DrainAsync();
        return Status();
    }

    public Task<ChainMirrorStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task<long?> GetChainOfferIdAsync(Guid offerId) =>
        (await GrainFactory.GetGrain<IOfferGrain>(offerId).GetAsync()).ChainOfferId;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Being woken is the point (the timer runs while active); once the queue is empty the reminder can go.
        if (S.Queue.Count == 0 && await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task EnqueueAsync(MirrorJobKind kind, Guid id)
    {
        if (!Enabled)
        {
            return;
        }

        if (!S.Queue.Any(j => j.Kind == kind && j.Id == id))
        {
            var wasEmpty = S.Queue.Count == 0;
            S.Queue.Add(new MirrorJob(kind, id, _clock.GetUtcNow()));
            await _writer.WriteAsync();
            if (wasEmpty)
            {
                await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            }
        }
        else
        {
            await _writer.WriteAsync();
        }
    }

    private Task TickAsync(CancellationToken cancellationToken) =>
        S.Queue.Count == 0 || _clock.GetUtcNow() < _retryAt ? Task.CompletedTask : DrainAsync();

    /// <summary>One drain at a time; callers that arrive meanwhile wait for it.</summary>
    private Task DrainAsync()
    {
        if (_draining is { IsCompleted: false } running)
        {
            return running;
        }

        return _draining = DrainCoreAsync();
    }

    private async Task DrainCoreAsync()
    {
        var deferred = new HashSet<MirrorJob>();
        while (S.Queue.Count > 0)
        {
            var job = NextJob();
            if (deferred.Contains(job))
            {
                // Everything left waits on payments in progress: come back later.
                _retryAt = _clock.GetUtcNow() + _rail.Options.Settings.MirrorRetryInterval;
                await SaveQuietlyAsync();
                return;
            }

            try
            {
                await ProcessAsync(job);
                S.Completed++;
                S.LastMirroredAt = _clock.GetUtcNow();
                S.LastError = null;
                _retryDelay = _rail.Options.Settings.MirrorRetryInterval;
            }
            catch (ChainRevertedException ex) when (ex.Refusal is ChainRefusal.Paused or ChainRefusal.NotAuthorized)
            {
                // Paused by its admin, or our operator role is missing: a state of the deployment, not of this step.
                // Wait for it to be put right rather than skip the step.
                S.LastError = $"{job.Kind} {job.Id} waiting: the contract refused with {ex.ErrorName}";
                await BackOffAsync(job, ex);
                return;
            }
            catch (ChainRevertedException ex)
            {
                // The contract refuses this step for good (say, the offer breaks a chain rule): retrying cannot help.
                _logger.LogError(ex, "Mirror: giving up on {Kind} {Id}: the contract refused it", job.Kind, job.Id);
                S.GivenUp++;
                S.LastError = $"{job.Kind} {job.Id} refused on-chain: {ex.ErrorName}";
            }
            catch (StepDeferredException)
            {
                // To the back of the queue: the trades still settling are recorded once they complete, and an offer
                // closes after the trades still settling on it.
                deferred.Add(job);
                S.Queue.Remove(job);
                S.Queue.Add(job);
                continue;
            }
            catch (MirrorLostException ex)
            {
                if (S.Queue.Any(j => j.Kind == MirrorJobKind.Offer))
                {
                    // The offer is queued again, ahead of this job, which stays where it is and runs once it is mirrored.
                    continue;
                }

                S.LastError = ex.Message;
                await BackOffAsync(job, ex);
                return;
            }
            catch (MirrorNotPossibleException ex)
            {
                _logger.LogWarning("Mirror: skipping {Kind} {Id}: {Reason}", job.Kind, job.Id, ex.Message);
                S.GivenUp++;
                S.LastError = ex.Message;
            }
            catch (Exception ex)
            {
                // Unavailable, outcome unknown, a silo hiccup: every step re-checks the chain first, so try again later.
                S.LastError = ex.Message;
                await BackOffAsync(job, ex);
                return;
            }

            S.Queue.Remove(job);
            await _writer.WriteAsync();
        }
    }

    /// <summary>
    /// Offers go first: a buyer can pay from a wallet only once the offer is on the chain, while a trade record is
    /// only an after-the-fact copy, and a busy market queues one per trade. Trades and closes keep their order, so an
    /// offer's trades are recorded before its close returns the unsold escrow.
    /// </summary>
    private MirrorJob NextJob() => S.Queue.FirstOrDefault(j => j.Kind == MirrorJobKind.Offer) ?? S.Queue[0];

    private async Task BackOffAsync(MirrorJob job, Exception ex)
    {
        _retryAt = _clock.GetUtcNow() + _retryDelay;
        _retryDelay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, _retryDelay.Ticks * 2));
        _logger.LogWarning("Mirror: {Kind} {Id} not done yet ({Error}); retrying in {Delay}", job.Kind, job.Id, ex.Message, _retryAt - _clock.GetUtcNow());
        await SaveQuietlyAsync();
    }

    private async Task ProcessAsync(MirrorJob job)
    {
        switch (job.Kind)
        {
            case MirrorJobKind.Offer:
                await MirrorOfferAsync(job.Id);
                break;
            case MirrorJobKind.Trade:
                await MirrorTradeAsync(job.Id);
                break;
            case MirrorJobKind.CloseOffer:
                await CloseOfferAsync(job.Id);
                break;
            case MirrorJobKind.RecoverTrades:
                await RecoverTradesAsync(job.Id);
                break;
        }
    }

    /// <summary>
    /// The offer's on-chain number, checked against the chain: a reorganisation can replace the block that mirrored
    /// it, and then the number is free or another offer's. A lost mirror is reported to the offer, which queues it
    /// again (first in line), and the job waits for it.
    /// </summary>
    private async Task<long?> LiveMirrorAsync(Guid offerId)
    {
        var offer = GrainFactory.GetGrain<IOfferGrain>(offerId);
        if ((await offer.GetAsync()).ChainOfferId is not { } chainOfferId)
        {
            return null;
        }

        if (await _rail.IsMirrorLiveAsync(offerId, chainOfferId))
        {
            return chainOfferId;
        }

        await offer.MirrorLostAsync(chainOfferId);
        throw new MirrorLostException(offerId);
    }

    /// <summary>
    /// Closing returns the unsold escrow, and nothing can be recorded on a closed offer: so the close waits while
    /// payments on the offer are still in progress (a seller may cancel while a buyer is approving), and records every
    /// settled mobile money trade first (each at most once, by its reference).
    /// </summary>
    private async Task CloseOfferAsync(Guid offerId)
    {
        var offer = GrainFactory.GetGrain<IOfferGrain>(offerId);
        if ((await offer.GetAsync()).PendingWh > 0)
        {
            throw new StepDeferredException($"Offer {offerId} still has payments in progress.");
        }

        var chainOfferId = await LiveMirrorAsync(offerId)
            ?? throw new MirrorNotPossibleException($"Offer {offerId} was never mirrored, so there is nothing to close.");
        foreach (var tradeId in await offer.GetSettledTradesAsync())
        {
            // Each decides for itself: a trade paid on the chain is its own record and needs none.
            await MirrorTradeAsync(tradeId);
        }

        await _rail.CancelOfferAsync(chainOfferId);
    }

    /// <summary>What was recorded on a lost mirror went with it: each settled trade is recorded or collected again.</summary>
    private async Task RecoverTradesAsync(Guid offerId)
    {
        foreach (var tradeId in await GrainFactory.GetGrain<IOfferGrain>(offerId).GetSettledTradesAsync())
        {
            var payment = GrainFactory.GetGrain<IPaymentGrain>(tradeId);
            var trade = await payment.GetAsync();
            if (trade.Status != TradeStatus.Completed)
            {
                continue;
            }

            if (trade.Method == PaymentMethod.Blockchain)
            {
                // The trade checks the chain first and sends again only if its payment is gone (once per trade id).
                await payment.ChainPaymentReorganisedAsync();
            }
            else if (trade.Method == PaymentMethod.MobileMoney)
            {
                await EnqueueAsync(MirrorJobKind.Trade, tradeId);
            }
        }
    }

    private async Task MirrorOfferAsync(Guid offerId)
    {
        var offerGrain = GrainFactory.GetGrain<IOfferGrain>(offerId);
        var offer = await offerGrain.GetAsync();
        if (offer.ChainOfferId is null)
        {
            var chainOfferId = await _rail.GetMirroredOfferIdAsync(offerId);
            if (chainOfferId is null)
            {
                await _rail.EnsureEnergyAllowanceAsync(offer.EnergyWh);
                await _rail.MintForOfferAsync(offerId, offer.EnergyWh);
                chainOfferId = await _rail.MirrorOfferAsync(offerId, offer.EnergyWh, offer.PricePerKwhNgwee, offer.ExpiresAt);
            }

            await offerGrain.SetChainOfferIdAsync(chainOfferId.Value);
            offer = await offerGrain.GetAsync();
            _logger.LogInformation("Mirror: offer {OfferId} is on-chain as {ChainOfferId}", offerId, chainOfferId);
        }

        if (!offer.Status.IsTradable())
        {
            // Closed before its mirror existed: its close could not be queued then. Queued now, after its trades.
            await EnqueueAsync(MirrorJobKind.CloseOffer, offerId);
        }
    }

    private async Task MirrorTradeAsync(Guid tradeId)
    {
        var payment = GrainFactory.GetGrain<IPaymentGrain>(tradeId);
        if (!await payment.ExistsAsync())
        {
            throw new MirrorNotPossibleException($"Trade {tradeId} is not a trade of this server.");
        }

        var trade = await payment.GetAsync();
        if (trade.Status is TradeStatus.PaymentPending or TradeStatus.Settling)
        {
            // Queued by a settlement that has not finished (a failed save retries it), or by a reorganisation while a
            // fallback is under way: it may still complete by mobile money, so it waits rather than being skipped.
            throw new StepDeferredException($"Trade {tradeId} is still settling.");
        }

        if (trade.Status != TradeStatus.Completed || trade.Method != PaymentMethod.MobileMoney)
        {
            // Failed, or paid on the chain (which is its own record): nothing to write.
            _logger.LogInformation("Mirror: trade {TradeId} needs no record ({Status}, {Method})", tradeId, trade.Status, trade.Method);
            return;
        }

        var chainOfferId = await LiveMirrorAsync(trade.OfferId)
            ?? throw new MirrorNotPossibleException($"Offer {trade.OfferId} of trade {tradeId} could not be mirrored, so neither can the trade.");
        var buyer = (await GrainFactory.GetGrain<IWalletConnectionGrain>(trade.BuyerId).GetAsync()).Address ?? _rail.CustodyAddress;
        if (await _rail.RecordMobileMoneyTradeAsync(chainOfferId, buyer, trade.EnergyWh, tradeId) is { } block)
        {
            // A reorganisation may replace that block before the listener reads it: the listener checks and sends it back.
            GrainFactory.GetGrain<IChainListenerGrain>(ChainGrains.SingletonKey).WatchMirroredTradeAsync(tradeId, block).Ignore();
        }
    }

    private async Task SaveQuietlyAsync()
    {
        try
        {
            await _writer.WriteAsync();
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Mirror: could not save its progress; it will be redone (every step is idempotent)");
        }
    }

    private ChainMirrorStatus Status() => new(
        Enabled, S.Queue.Count, S.Completed, S.GivenUp, S.LastError, S.LastMirroredAt, S.Queue.Count == 0 ? null : S.Queue[0].QueuedAt);

    private sealed class MirrorNotPossibleException(string message) : Exception(message);

    /// <summary>The step cannot be done yet, only later: it goes to the back of the queue.</summary>
    private sealed class StepDeferredException(string message) : Exception(message);

    private sealed class MirrorLostException(Guid offerId) : Exception($"The mirror of offer {offerId} is no longer on the chain.");
}
