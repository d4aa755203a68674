using Enerlectra.Abstractions.Chain;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Limits;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Pricing;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Grains.Chain;
using Enerlectra.Grains.Infrastructure;
using Enerlectra.MobileMoney;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enerlectra.Grains.Payments;

/// <summary>
/// A trade's durable state machine: reserve on the offer → collect from the buyer → settle (or release).
/// The trade id is also the provider's payment reference, so asking the provider again is always safe, and an
/// unknown outcome (timeout, crash, lost callback) is resolved by asking, never by guessing. Settlement steps are
/// idempotent, so repeating them after a crash cannot pay or credit twice. Mobile money is only ever collected from
/// the buyer's verified phone, whatever the caller asked (PaymentGrain.Payer.cs). Payments from a connected wallet
/// (choice, on-chain payment, fallback, trades recorded from the chain) are in PaymentGrain.WalletPayments.cs.
/// </summary>
public sealed partial class PaymentGrain(
    [PersistentState("payment", StorageNames.Trading)] IPersistentState<PaymentGrainState> state,
    MobileMoneyRails rails,
    StatusQueryLimiter statusQueries,
    ChainRail chain,
    IOptions<TradingOptions> options,
    IOptions<PaymentLimits> limits,
    TimeProvider clock,
    ILogger<PaymentGrain> logger) : Grain, IPaymentGrain
{
    /// <summary>
    /// Signed callbacks remembered per trade. A provider signs one or two per payment (the outcome, perhaps a stale
    /// "in progress"); a few more leave room for duplicates and keep the saved state small.
    /// </summary>
    private const int SeenCallbacksKept = 8;

    private readonly TradingOptions _options = options.Value;
    private BackoffPoller? _poller;
    private ThrottledRun? _callbackQuery;
    private bool _tracked;
    private ReconcilerEntry? _entry;

    private PaymentGrainState S => state.State;

    private Guid TradeId => this.GetPrimaryKey();

    private bool IsFinal => S.Status is TradeStatus.Completed or TradeStatus.Failed;

    /// <summary>Open, or settled but with a wallet payment a reorganisation took away.</summary>
    private bool NeedsWork => !IsFinal || S.ChainPaymentLost;

    /// <summary>The number mobile money is collected from (digits with 260), "" when there is none.</summary>
    private string PayerMsisdn => S.PayerMsisdn ?? S.Request!.PayerMsisdn;

    private MobileNetwork PayerNetwork => S.PayerNetwork ?? S.Request!.PayerNetwork;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Request is not null && NeedsWork)
        {
            // Reactivated after a restart or failover with the outcome still open: pick up where we left off.
            _tracked = true;
            SchedulePoll(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    public async Task<TradeSnapshot> StartAsync(TradeRequest request)
    {
        // The caller's amount goes into the price arithmetic below: bounded first, whoever the caller is.
        OfferRules.ValidatePurchase(request.EnergyWh);
        if (S.Request is { } existing)
        {
            if (existing != request)
            {
                throw TradingException.Conflict(
                    "This idempotency key was already used for a different trade request.", "idempotencyKey");
            }

            return Snapshot();
        }

        var offer = GrainFactory.GetGrain<IOfferGrain>(request.OfferId);
        var current = await offer.GetAsync();
        var expectedWh = request.EnergyWh == 0 ? current.RemainingWh : request.EnergyWh;
        var expectedPrice = expectedWh > 0 ? TradePricing.Price(expectedWh, current.PricePerKwhNgwee, _options.FeeBasisPoints) : null;
        var choice = await ChooseMethodAsync(request, current, expectedPrice?.AmountNgwee ?? 0);
        var method = choice.Method;

        // Limits are checked before anything is reserved, on the price of the offer as it stands now. They are
        // mobile money limits: a wallet payment is capped by the allowance the buyer gave instead.
        if (method == PaymentMethod.MobileMoney && expectedPrice is not null)
        {
            await HoldSpendingAsync(request, choice.Payer!, expectedPrice);
        }

        Reservation reservation;
        TradePrice price;
        try
        {
            reservation = await offer.ReserveAsync(TradeId, request.BuyerId, request.EnergyWh, method);
            price = TradePricing.Price(reservation.EnergyWh, reservation.PricePerKwhNgwee, _options.FeeBasisPoints);
        }
        catch
        {
            await TryAsync(() => Spending(request).ReleaseAsync(TradeId), "release the spending hold");
            throw;
        }

        if (method == PaymentMethod.MobileMoney && reservation.EnergyWh != expectedWh)
        {
            // The offer changed between pricing and reserving (a buy-all on an offer others were buying from).
            try
            {
                await HoldSpendingAsync(request, choice.Payer!, price);
            }
            catch
            {
                await TryAsync(() => offer.ReleaseAsync(TradeId), "release the reservation");
                await TryAsync(() => Spending(request).ReleaseAsync(TradeId), "release the spending hold");
                throw;
            }
        }

        var now = clock.GetUtcNow();
        S.Request = request;
        S.Reservation = reservation;
        S.Price = price;
        S.Method = method;
        S.Status = TradeStatus.PaymentPending;
        S.PaymentState = PaymentState.Submitting;
        S.CreatedAt = S.UpdatedAt = now;
        S.BuyerAddress = choice.BuyerAddress;
        S.PayerMsisdn = choice.Payer?.Msisdn ?? "";
        S.PayerNetwork = choice.Payer?.Network ?? request.PayerNetwork;
        S.ChainOfferId = current.ChainOfferId;
        S.ChainNative = current.ChainNative;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Nothing was recorded, so nobody would ever settle or release this reservation: give it back now.
            await state.ReadStateAsync();
            await TryAsync(() => offer.ReleaseAsync(TradeId), "release the reservation of an unrecorded trade");
            await TryAsync(() => Spending(request).ReleaseAsync(TradeId), "release the spending hold of an unrecorded trade");
            throw;
        }

        await EnsureTrackedAsync();
        if (method == PaymentMethod.Blockchain)
        {
            await SubmitChainAsync();
        }
        else
        {
            await SubmitAsync(rails.For(PayerNetwork));
        }

        await PublishAsync();
        if (!IsFinal)
        {
            SchedulePoll(_options.PaymentPollInterval);
        }

        return Snapshot();
    }

    public Task<TradeSnapshot> GetAsync()
    {
        if (S.Request is null)
        {
            throw TradeIds.NotFound(TradeId);
        }

        return Task.FromResult(Snapshot());
    }

    public Task<bool> ExistsAsync() => Task.FromResult(S.Request is not null);

    public async Task<ProviderCallbackOutcome> ProviderCallbackAsync(ProviderCallback callback)
    {
        if (S.Request is null)
        {
            logger.LogWarning("Ignoring a {Provider} callback for unknown trade {TradeId}", callback.Provider, TradeId);
            DeactivateOnIdle();
            return ProviderCallbackOutcome.UnknownTrade;
        }

        if (callback.SignedId is { } signedId)
        {
            if (S.SeenCallbacks.Contains(signedId))
            {
                logger.LogWarning("Trade {TradeId}: refused a replayed {Provider} callback (this signed callback was received before)", TradeId, callback.Provider);
                return ProviderCallbackOutcome.Replayed;
            }

            await RememberCallbackAsync(signedId);
        }

        if (!IsFinal)
        {
            // Not queried here: the callback is answered at once, and however many arrive, one query runs at a time
            // and at most one per interval (the provider's status query budget is shared by every trade).
            CallbackQuery.Request();
        }

        return ProviderCallbackOutcome.Accepted;
    }

    public async Task<TradeSnapshot> ReconcileAsync()
    {
        var snapshot = await GetAsync();
        if (!NeedsWork)
        {
            return snapshot;
        }

        await PollOnceAsync();
        return Snapshot();
    }

    /// <summary>
    /// Saved before the callback is answered, so its replay is recognised after a restart or a reactivation too. Only
    /// new signed callbacks are written (a provider sends one or two per payment); a replay is refused from memory.
    /// </summary>
    private async Task RememberCallbackAsync(string signedId)
    {
        var seen = S.SeenCallbacks;
        seen.Add(signedId);
        if (seen.Count > SeenCallbacksKept)
        {
            seen.RemoveAt(0);
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not durable, so not "seen": the provider's retry must be taken as new.
            seen.Remove(signedId);
            throw;
        }
    }

    private async Task SubmitAsync(IMobileMoneyCollections rail)
    {
        S.Submissions++;
        var collection = new CollectionRequest(
            TradeId, PayerMsisdn, S.Price!.AmountNgwee, TradeId.ToString("N"),
            $"Enerlectra: {S.Reservation!.EnergyWh} Wh of solar energy", CallbackUrl(rail.Provider));
        try
        {
            var outcome = await rail.RequestToPayAsync(collection);
            S.PaymentState = PaymentState.AwaitingApproval;
            logger.LogInformation("Trade {TradeId}: collection of {Amount} ngwee {Outcome} by {Provider}", TradeId, S.Price.AmountNgwee, outcome, rail.Provider);
        }
        catch (MobileMoneyRejectedException ex)
        {
            await FailAsync($"The payment was refused by {MobileMoneyRails.Name(PayerNetwork)}: {ex.Message}");
        }
        catch (Exception ex) when (ex is not TradingException)
        {
            // Unknown outcome: the provider may or may not have the request. Only asking it can tell.
            logger.LogWarning(ex, "Trade {TradeId}: submitting the collection had no definite answer; will reconcile", TradeId);
            await Entry.MarkOutcomeUnknownAsync(true);
        }
    }

    private async Task ReconcileCoreAsync()
    {
        await EnsureTrackedAsync();
        if (S.Status == TradeStatus.Settling)
        {
            await SettleAsync();
            return;
        }

        if (S.Method == PaymentMethod.Blockchain)
        {
            await ReconcileChainAsync();
            return;
        }

        if (!rails.Supports(PayerNetwork))
        {
            // This silo lacks the provider (a configuration mistake or a rolling deploy): the payment is still
            // open at the provider, so keep it and let a silo that has the provider, or a later sweep, resolve it.
            logger.LogError("Trade {TradeId}: this silo has no {Provider} client; cannot reconcile here", TradeId, MobileMoneyRails.Name(PayerNetwork));
            return;
        }

        var rail = rails.For(PayerNetwork);
        CollectionStatus status;
        try
        {
            status = await statusQueries.RunAsync(PayerNetwork, () => rail.GetStatusAsync(TradeId));
        }
        catch (Exception ex) when (ex is not TradingException)
        {
            logger.LogWarning(ex, "Trade {TradeId}: status query failed; will try again", TradeId);
            await Entry.MarkOutcomeUnknownAsync(true);
            return;
        }

        await Entry.MarkOutcomeUnknownAsync(false);

        switch (status.State)
        {
            case CollectionState.Successful when status.AmountNgwee is { } amount && amount != S.Price!.AmountNgwee:
                // Never settle on a payment that does not match the trade; an operator must look at it.
                S.FailureReason = $"Held for review: the provider reported {amount} ngwee for a {S.Price.AmountNgwee} ngwee trade.";
                logger.LogError("Trade {TradeId}: provider reported {Reported} ngwee, expected {Expected}", TradeId, amount, S.Price.AmountNgwee);
                break;
            case CollectionState.Successful:
                S.PaymentState = PaymentState.Successful;
                S.ProviderTransactionId = status.ProviderTransactionId;
                S.Status = TradeStatus.Settling;
                await SettleAsync();
                break;
            case CollectionState.Failed:
                await FailAsync(DescribeFailure(status.Reason));
                break;
            case CollectionState.Pending:
                if (S.PaymentState != PaymentState.AwaitingApproval)
                {
                    S.PaymentState = PaymentState.AwaitingApproval;
                    await PublishAsync();
                }

                break;
            case CollectionState.NotFound:
                // The provider never received it; the reference is unchanged, so sending again cannot charge twice.
                await SubmitAsync(rail);
                break;
        }
    }

    private async Task SettleAsync()
    {
        var reservation = S.Reservation!;
        var price = S.Price!;
        var operation = $"trade:{TradeId:N}";
        if (!S.Imported)
        {
            await GrainFactory.GetGrain<IOfferGrain>(reservation.OfferId).CommitAsync(TradeId);
        }

        if (S.ChainNative)
        {
            // The buyer paid the seller's own address on-chain: recorded, never paid out again by us.
            await GrainFactory.GetGrain<IWalletGrain>(reservation.SellerId).RecordChainSaleAsync(operation, reservation.EnergyWh, price.SellerNetNgwee);
        }
        else
        {
            await GrainFactory.GetGrain<IWalletGrain>(reservation.SellerId).SettleSaleAsync(operation, reservation.EnergyWh, price.SellerNetNgwee, reservation.OnBook);
        }

        await GrainFactory.GetGrain<IWalletGrain>(reservation.BuyerId).CreditPurchaseAsync(operation, reservation.EnergyWh, price.AmountNgwee);
        await GrainFactory.GetGrain<IPlatformAccountGrain>(reservation.MarketId).CreditFeeAsync(operation, price.FeeNgwee);
        if (S.Method == PaymentMethod.MobileMoney && chain.CanSend && chain.Options.Settings.MirrorEnabled)
        {
            // Recorded on-chain later, off the buyer's path; queued before completing so a failure here is retried.
            await GrainFactory.GetGrain<IChainMirrorGrain>(ChainGrains.SingletonKey).EnqueueTradeAsync(TradeId);
        }

        S.Status = TradeStatus.Completed;
        S.FailureReason = null;
        S.UpdatedAt = clock.GetUtcNow();
        // Published before saving: if the save fails, the retry publishes again and the market drops the duplicate.
        await PublishAsync();
        await state.WriteStateAsync();
        await FinishAsync();
        logger.LogInformation("Trade {TradeId} completed: {EnergyWh} Wh from {Seller} to {Buyer} for {Amount} ngwee", TradeId, reservation.EnergyWh, reservation.SellerId, reservation.BuyerId, price.AmountNgwee);
    }

    private async Task FailAsync(string reason)
    {
        await GrainFactory.GetGrain<IOfferGrain>(S.Reservation!.OfferId).ReleaseAsync(TradeId);
        await Spending(S.Request!).ReleaseAsync(TradeId);
        S.Status = TradeStatus.Failed;
        S.PaymentState = PaymentState.Failed;
        S.FailureReason = reason;
        S.UpdatedAt = clock.GetUtcNow();
        await PublishAsync();
        await state.WriteStateAsync();
        await FinishAsync();
        logger.LogInformation("Trade {TradeId} failed: {Reason}", TradeId, reason);
    }

    private async Task FinishAsync()
    {
        _poller?.Stop();
        _callbackQuery?.Cancel();
        _tracked = false;
        if (!S.Imported)
        {
            await Entry.RemoveAsync(failed: S.Status == TradeStatus.Failed);
        }
    }

    private async Task EnsureTrackedAsync()
    {
        if (_tracked)
        {
            return;
        }

        try
        {
            await (S.Method == PaymentMethod.Blockchain
                ? Entry.Shard.TrackWalletPaymentAsync(TradeId, recheck: S.ChainPaymentLost && S.Status == TradeStatus.Completed)
                : Entry.Shard.TrackAsync(TradeId, PayerNetwork));
            _tracked = true;
        }
        catch (Exception ex)
        {
            // The poll timer keeps trying; the trade itself is saved and resumes on its next activation.
            logger.LogError(ex, "Trade {TradeId}: could not be put on the reconciler's list", TradeId);
        }
    }

    private async Task HoldSpendingAsync(TradeRequest request, Payer payer, TradePrice price)
    {
        limits.Value.CheckPayment(payer.Network, MobileMoneyRails.Name(payer.Network), price.AmountNgwee);
        await Spending(request).HoldAsync(TradeId, payer.Network, price.AmountNgwee);
    }

    private ISpendingLimitGrain Spending(TradeRequest request) => GrainFactory.GetGrain<ISpendingLimitGrain>(request.BuyerId);

    private ReconcilerEntry Entry => _entry ??= new ReconcilerEntry(GrainFactory, TradeId, logger);

    private ThrottledRun CallbackQuery => _callbackQuery ??= new ThrottledRun(
        this,
        async () =>
        {
            if (!IsFinal)
            {
                await ReconcileCoreAsync();
            }
        },
        _options.CallbackQueryInterval,
        clock,
        ex => logger.LogWarning(ex, "Trade {TradeId}: reconciling after a callback failed; polling will try again", TradeId));

    private void SchedulePoll(TimeSpan delay)
    {
        _poller ??= new BackoffPoller(this, PollOnceAsync, _options.PaymentPollInterval, _options.MaxPaymentPollInterval,
            ex => logger.LogWarning(ex, "Trade {TradeId}: reconciliation failed; will try again", TradeId));
        _poller.Start(delay);
    }

    private async Task<bool> PollOnceAsync()
    {
        if (!IsFinal)
        {
            await ReconcileCoreAsync();
        }
        else if (S.ChainPaymentLost)
        {
            await RecollectLostChainPaymentAsync();
        }

        return !NeedsWork;
    }

    private async Task PublishAsync()
    {
        try
        {
            await GrainFactory.GetGrain<IMarketGrain>(S.Reservation!.MarketId).TradeChangedAsync(Snapshot());
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Trade {TradeId}: could not publish its status", TradeId);
        }
    }

    private Task TryAsync(Func<Task> action, string what) => logger.TryAsync(action, $"Trade {TradeId}", what);

    private Uri? CallbackUrl(MobileMoneyProvider provider) =>
        string.IsNullOrWhiteSpace(_options.CallbackBaseUrl)
            ? null
            : new Uri($"{_options.CallbackBaseUrl.TrimEnd('/')}/api/callbacks/{provider.ToString().ToLowerInvariant()}/{TradeId:D}");

    private static string DescribeFailure(string? reason) => reason switch
    {
        "APPROVAL_REJECTED" => "The buyer declined the payment on their phone.",
        "EXPIRED" => "The buyer did not approve the payment in time.",
        "NOT_ENOUGH_FUNDS" => "The buyer's mobile money balance was too low.",
        "PAYER_NOT_FOUND" => "The phone number has no mobile money account.",
        "PIN_TIMEOUT" => "The buyer did not enter their PIN in time.",
        null or "" => "The payment failed.",
        _ => $"The payment failed ({reason}).",
    };

    private TradeSnapshot Snapshot()
    {
        var r = S.Reservation!;
        var p = S.Price!;
        var q = S.Request!;
        return new TradeSnapshot(
            TradeId, r.OfferId, r.MarketId, r.SellerId, r.BuyerId, r.EnergyWh, r.PricePerKwhNgwee, p.AmountNgwee, p.FeeNgwee,
            p.SellerNetNgwee, S.Method, PayerNetwork, PayerMsisdn.Length == 0 ? "" : "+" + PayerMsisdn, S.Status, S.PaymentState,
            S.FailureReason, S.ProviderTransactionId, S.CreatedAt, S.UpdatedAt, q.IdempotencyKey, S.ChainTransactionHash,
            S.Method == PaymentMethod.MobileMoney ? S.ChainFailure : null, S.Imported);
    }
}
