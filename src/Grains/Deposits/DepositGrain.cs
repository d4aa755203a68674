using Enerlectra.Abstractions.Deposits;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Limits;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Exchange.Grains;
using Enerlectra.Grains.Chain;
using Enerlectra.Grains.Infrastructure;
using Enerlectra.Grains.Payments;
using Enerlectra.Grains.Wallets;
using Enerlectra.MobileMoney;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enerlectra.Grains.Deposits;

/// <summary>
/// A deposit's state machine: collect from the user's verified phone → definite outcome → credit the market balance
/// (once, by deposit id) or release the spending allowance. Like a trade's payment and a phone verification, an
/// unknown outcome is resolved by asking the provider under the same reference (resubmitting only when the provider
/// never got it), never by collecting again; and the credit survives a crash between the provider's answer and the
/// market (<see cref="DepositStatus.Crediting"/> is saved first, and the market takes each reference once).
/// Deposits from a linked wallet take the same path with the chain as the provider: DepositGrain.Wallet.cs.
/// </summary>
public sealed partial class DepositGrain(
    [PersistentState("deposit", StorageNames.Trading)] IPersistentState<DepositState> state,
    MobileMoneyRails rails,
    ChainRail chain,
    StatusQueryLimiter statusQueries,
    IOptions<TradingOptions> options,
    IOptions<PaymentLimits> limits,
    IOptions<MarketOptions> markets,
    TimeProvider clock,
    ILogger<DepositGrain> logger) : Grain, IDepositGrain
{
    private readonly TradingOptions _options = options.Value;
    private BackoffPoller? _poller;
    private ReconcilerEntry? _entry;
    private ThrottledRun? _callbackQuery;

    private DepositState S => state.State;

    private Guid DepositId => this.GetPrimaryKey(out _);

    private string UserId
    {
        get
        {
            this.GetPrimaryKey(out var userId);
            return userId!;
        }
    }

    private bool IsFinal => S.Status is DepositStatus.Failed or DepositStatus.Reversed || (S.Status == DepositStatus.Completed && !S.CollectionLost);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Request is not null && !IsFinal)
        {
            // Reactivated after a restart or failover with the outcome still open: pick up where we left off.
            SchedulePoll(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    public async Task<DepositSnapshot> StartAsync(DepositRequest request)
    {
        if (S.Request is { } existing)
        {
            if (existing != request)
            {
                throw TradingException.Conflict("This idempotency key was already used for a different deposit.", "idempotencyKey");
            }

            if (!IsFinal && _poller is null)
            {
                // A retry after a start that failed half way: make sure it is being worked on.
                SchedulePoll(TimeSpan.Zero);
            }

            return Snapshot();
        }

        if (request.DepositId != DepositId || request.UserId != UserId)
        {
            throw new ArgumentException($"Deposit {DepositId} of {UserId} was started with another id or user.", nameof(request));
        }

        if (request.AmountNgwee <= 0)
        {
            throw TradingException.Invalid("amountNgwee", "amountNgwee must be greater than zero.");
        }

        markets.Value.RequireConfigured(request.MarketId);
        if (request.Method == DepositMethod.Wallet)
        {
            return await StartWalletAsync(request);
        }

        var payer = await PayerAsync(request);
        var rail = rails.For(payer.Network); // refuses a network this server cannot collect from, naming phoneNumber
        var providerName = MobileMoneyRails.Name(payer.Network);
        limits.Value.CheckAmount(payer.Network, providerName, request.AmountNgwee, "deposit");
        await Spending.HoldAmountAsync(DepositId, payer.Network, request.AmountNgwee);

        // Listed before it is recorded: a deposit on record is always on the reconciler's list, so nothing can strand
        // it. (A listed id that never got recorded is dropped by the next sweep: there is nothing to collect.)
        try
        {
            await Entry.Shard.TrackDepositAsync(DepositId, UserId, payer.Network);
        }
        catch
        {
            try
            {
                await Spending.ReleaseAsync(DepositId);
            }
            catch (Exception ex)
            {
                // Only the user's allowance is at stake: the hold ages out after 24 hours.
                logger.LogError(ex, "Deposit {DepositId}: could not release the spending hold of an unrecorded deposit", DepositId);
            }

            throw;
        }

        var now = clock.GetUtcNow();
        S.Request = request;
        S.PayerMsisdn = payer.Msisdn;
        S.Network = payer.Network;
        S.Status = DepositStatus.AwaitingApproval;
        S.CreatedAt = S.UpdatedAt = now;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Perhaps saved, perhaps not: nothing is sent from here. The next activation reads what is durable (and
            // the reconciler, or the client's retry with the same key, carries on from it); the spending hold stays
            // until then, since the deposit may yet go ahead.
            state.State = new DepositState();
            DeactivateOnIdle();
            throw;
        }

        logger.LogInformation("Deposit {DepositId}: {Amount} ngwee from +{Msisdn} ({Provider}) into {UserId}'s balance in market {MarketId}",
            DepositId, request.AmountNgwee, payer.Msisdn, providerName, UserId, request.MarketId);
        await SubmitAsync(rail);
        if (!IsFinal)
        {
            SchedulePoll(_options.PaymentPollInterval);
        }

        return Snapshot();
    }

    public async Task<DepositStatus> ReconcileAsync()
    {
        if (S.Request is null)
        {
            // Never recorded (listed, then the write failed): nothing was sent, so nothing is owed either way.
            DeactivateOnIdle();
            return DepositStatus.Failed;
        }

        if (!IsFinal)
        {
            await ReconcileCoreAsync();
        }

        return S.Status;
    }

    public Task ProviderCallbackAsync()
    {
        if (S.Request is null)
        {
            logger.LogWarning("Ignoring a provider callback for unknown deposit {DepositId}", DepositId);
            DeactivateOnIdle();
        }
        else if (S.Status == DepositStatus.AwaitingApproval)
        {
            // A hint only, and callbacks can be forged by the thousand: at most one status query per interval.
            CallbackQuery.Request();
        }

        return Task.CompletedTask;
    }

    public Task<DepositSnapshot?> GetAsync() => Task.FromResult(S.Request is null ? null : Snapshot());

    private async Task ReconcileCoreAsync()
    {
        if (S.Status == DepositStatus.Crediting)
        {
            await CreditAsync();
            return;
        }

        if (S.Method == DepositMethod.Wallet)
        {
            await (S.Status == DepositStatus.Completed ? RecollectLostWalletDepositAsync() : ReconcileWalletAsync());
            return;
        }

        if (!rails.Supports(S.Network))
        {
            // This silo lacks the provider (a configuration mistake or a rolling deploy): keep it for a silo that has it.
            logger.LogError("Deposit {DepositId}: this silo has no {Provider} client; cannot reconcile here", DepositId, MobileMoneyRails.Name(S.Network));
            return;
        }

        var rail = rails.For(S.Network);
        if (S.Submissions == 0)
        {
            await SubmitAsync(rail);
            return;
        }

        CollectionStatus status;
        try
        {
            status = await statusQueries.RunAsync(S.Network, () => rail.GetStatusAsync(DepositId));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Deposit {DepositId}: status query failed; will try again", DepositId);
            await Entry.MarkOutcomeUnknownAsync(true);
            return;
        }

        await Entry.MarkOutcomeUnknownAsync(false);
        var amount = S.Request!.AmountNgwee;
        switch (status.State)
        {
            case CollectionState.Successful when status.AmountNgwee is { } reported && reported != amount:
                // Never credit a collection that does not match what was asked; an operator must look at it.
                logger.LogError("Deposit {DepositId}: provider reported {Reported} ngwee, expected {Expected}", DepositId, reported, amount);
                break;
            case CollectionState.Successful:
                // Saved before the market is asked: from here on it is credited, whatever happens, and never asked again.
                S.ProviderTransactionId = status.ProviderTransactionId;
                S.Status = DepositStatus.Crediting;
                S.UpdatedAt = clock.GetUtcNow();
                await state.WriteStateAsync();
                await CreditAsync();
                break;
            case CollectionState.Failed:
                await FailAsync(DepositCollection.DescribeFailure(status.Reason));
                break;
            case CollectionState.NotFound:
                // The provider never received it; the reference is unchanged, so sending again cannot charge twice.
                await SubmitAsync(rail);
                break;
        }
    }

    private async Task SubmitAsync(IMobileMoneyCollections rail)
    {
        // Saved before sending: once anything may be at the provider, a restart asks it rather than sending blind.
        S.Submissions++;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        try
        {
            var outcome = await rail.RequestToPayAsync(DepositCollection.For(S.Request!, S.PayerMsisdn, CallbackUrl(rail.Provider)));
            logger.LogInformation("Deposit {DepositId} of {UserId}: collection {Outcome} by {Provider}", DepositId, UserId, outcome, rail.Provider);
        }
        catch (MobileMoneyRejectedException ex)
        {
            await FailAsync($"{MobileMoneyRails.Name(S.Network)} refused the deposit: {ex.Message}");
        }
        catch (Exception ex)
        {
            // Unknown outcome: the provider may or may not have it. Only asking it can tell.
            logger.LogWarning(ex, "Deposit {DepositId}: the collection had no definite answer; will reconcile", DepositId);
            await Entry.MarkOutcomeUnknownAsync(true);
        }
    }

    /// <summary>The market credits the collected money, once by deposit id; until it confirms, the deposit stays crediting.</summary>
    private async Task CreditAsync()
    {
        var request = S.Request!;
        try
        {
            await GrainFactory.GetGrain<IOrderBookGrain>(request.MarketId)
                .DepositAsync(UserId, request.AmountNgwee, DepositId.ToString(), Channel);
            // The user's history (once by deposit id), before the deposit is done, so a crash here is retried too.
            await GrainFactory.GetGrain<IWalletGrain>(UserId).RecordDepositAsync(DepositId, request.AmountNgwee, Channel);
        }
        catch (Exception ex)
        {
            // The money was collected; it is credited by the next attempt (poll or reconciler sweep), never lost.
            logger.LogWarning(ex, "Deposit {DepositId}: collected, but market {MarketId} did not confirm the credit yet; will retry", DepositId, request.MarketId);
            return;
        }

        S.Status = DepositStatus.Completed;
        S.FailureReason = null;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        if (S.CollectionLost)
        {
            // Its collection was reorganised away meanwhile: the credit stands while it is collected again.
            return;
        }

        await FinishAsync();
        logger.LogInformation("Deposit {DepositId}: {Amount} ngwee credited to {UserId} in market {MarketId}", DepositId, request.AmountNgwee, UserId, request.MarketId);
    }

    private async Task FailAsync(string reason)
    {
        if (S.Method == DepositMethod.MobileMoney)
        {
            // Not collected: its amount no longer counts against the user's daily limits.
            await Spending.ReleaseAsync(DepositId);
        }

        S.Status = DepositStatus.Failed;
        S.FailureReason = reason;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        await FinishAsync();
        logger.LogInformation("Deposit {DepositId} of {UserId} failed: {Reason}", DepositId, UserId, reason);
    }

    private async Task FinishAsync()
    {
        _poller?.Stop();
        _callbackQuery?.Cancel();
        await Entry.RemoveAsync(failed: S.Status == DepositStatus.Failed);
    }

    /// <summary>
    /// The user's verified phone: the only number a deposit is collected from. A number in the request is only a
    /// statement checked against it, never trusted (otherwise anyone could push payment prompts to anyone's phone).
    /// </summary>
    private async Task<VerifiedPhone> PayerAsync(DepositRequest request)
    {
        var verified = await VerifiedPhone.OfAsync(GrainFactory, UserId);
        if (verified is null)
        {
            throw TradingException.Precondition(
                $"Your wallet has no verified phone to deposit from. Link your number (PUT /api/wallets/{UserId}/phone) and approve the " +
                "verification prompt on that phone first: mobile money is only collected from your own verified number.",
                "phoneNumber");
        }

        if (request.PayerMsisdn.Length > 0 && request.PayerMsisdn != verified.Msisdn)
        {
            throw TradingException.Precondition(
                $"+{request.PayerMsisdn} is not the verified phone of your wallet. Link it (PUT /api/wallets/{UserId}/phone) and approve " +
                "the verification prompt on that phone first: mobile money is only collected from your own verified number.",
                "phoneNumber");
        }

        return verified;
    }

    private ISpendingLimitGrain Spending => GrainFactory.GetGrain<ISpendingLimitGrain>(UserId);

    private ReconcilerEntry Entry => _entry ??= new ReconcilerEntry(GrainFactory, DepositId, logger);

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
        ex => logger.LogWarning(ex, "Deposit {DepositId}: checking after a callback failed; polling will try again", DepositId));

    private void SchedulePoll(TimeSpan delay)
    {
        _poller ??= new BackoffPoller(this, PollOnceAsync, _options.PaymentPollInterval, _options.MaxPaymentPollInterval,
            ex => logger.LogWarning(ex, "Deposit {DepositId}: reconciliation failed; will try again", DepositId));
        _poller.Start(delay);
    }

    private async Task<bool> PollOnceAsync()
    {
        if (!IsFinal)
        {
            await ReconcileCoreAsync();
        }

        return IsFinal;
    }

    private Uri? CallbackUrl(MobileMoneyProvider provider) =>
        string.IsNullOrWhiteSpace(_options.CallbackBaseUrl)
            ? null
            : new Uri($"{_options.CallbackBaseUrl.TrimEnd('/')}/api/callbacks/{provider.ToString().ToLowerInvariant()}/{DepositId:D}");

    private DepositSnapshot Snapshot()
    {
        var r = S.Request!;
        return new DepositSnapshot(DepositId, UserId, r.MarketId, r.AmountNgwee, S.PayerMsisdn.Length == 0 ? "" : "+" + S.PayerMsisdn, S.Network,
            S.Status, S.FailureReason, S.ProviderTransactionId, S.CreatedAt, S.UpdatedAt, r.IdempotencyKey, S.Method, S.WalletAddress);
    }
}
