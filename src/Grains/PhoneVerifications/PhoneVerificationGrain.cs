using Enerlectra.Abstractions.PhoneVerifications;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Grains.Infrastructure;
using Enerlectra.Grains.Payments;
using Enerlectra.MobileMoney;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enerlectra.Grains.PhoneVerifications;

/// <summary>
/// A phone verification's state machine: collect the verification amount → definite outcome → tell the wallet. Like
/// a trade's payment, an unknown outcome is resolved by asking the provider under the same reference, never by
/// collecting again; and before anything was sent, a verification the user cancelled simply stops.
/// </summary>
public sealed class PhoneVerificationGrain(
    [PersistentState("phoneVerification", StorageNames.Trading)] IPersistentState<PhoneVerificationState> state,
    MobileMoneyRails rails,
    StatusQueryLimiter statusQueries,
    IOptions<TradingOptions> options,
    TimeProvider clock,
    ILogger<PhoneVerificationGrain> logger) : Grain, IPhoneVerificationGrain
{
    private readonly TradingOptions _options = options.Value;
    private BackoffPoller? _poller;
    private ReconcilerEntry? _entry;
    private ThrottledRun? _callbackQuery;

    private PhoneVerificationState S => state.State;

    private Guid VerificationId => this.GetPrimaryKey(out _);

    private string UserId
    {
        get
        {
            this.GetPrimaryKey(out var userId);
            return userId!;
        }
    }

    private IWalletGrain Wallet => GrainFactory.GetGrain<IWalletGrain>(UserId);

    private bool IsFinal => S.Status != PhoneVerificationStatus.AwaitingApproval;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Request is not null && !IsFinal)
        {
            // Reactivated after a restart or failover with the outcome still open: pick up where we left off.
            SchedulePoll(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    public async Task StartAsync(PhoneVerificationRequest request)
    {
        if (S.Request is not null)
        {
            if (S.Request != request)
            {
                logger.LogError("Phone verification {VerificationId} was started twice with different details; keeping the first", VerificationId);
            }

            return;
        }

        if (request.VerificationId != VerificationId || request.UserId != UserId || request.AmountNgwee <= 0)
        {
            logger.LogError("Refusing a malformed phone verification request for {VerificationId}", VerificationId);
            return;
        }

        // The start message may arrive after the user cancelled (or after the reconciler gave up on a cancelled one).
        if (await Wallet.GetPhoneVerificationAsync(VerificationId) is null)
        {
            logger.LogInformation("Phone verification {VerificationId} is no longer wanted by {UserId}; not started", VerificationId, UserId);
            DeactivateOnIdle();
            return;
        }

        S.Request = request;
        S.Status = PhoneVerificationStatus.AwaitingApproval;
        S.CreatedAt = S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        SchedulePoll(TimeSpan.Zero);
    }

    public async Task<PhoneVerificationStatus> ReconcileAsync()
    {
        if (S.Request is null)
        {
            // Never started (the start message was lost): the wallet knows whether it is still wanted.
            var wanted = await Wallet.GetPhoneVerificationAsync(VerificationId);
            if (wanted is null)
            {
                DeactivateOnIdle();
                return PhoneVerificationStatus.Cancelled;
            }

            await StartAsync(wanted);
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
            logger.LogWarning("Ignoring a provider callback for unknown phone verification {VerificationId}", VerificationId);
            DeactivateOnIdle();
        }
        else if (!IsFinal)
        {
            // A hint only, and callbacks can be forged by the thousand: at most one status query per interval.
            CallbackQuery.Request();
        }

        return Task.CompletedTask;
    }

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
        ex => logger.LogWarning(ex, "Phone verification {VerificationId}: checking after a callback failed; polling will try again", VerificationId));

    public Task<PhoneVerificationSnapshot?> GetAsync() => Task.FromResult(S.Request is not { } r
        ? null
        : new PhoneVerificationSnapshot(r.VerificationId, "+" + r.Msisdn, r.Network, S.Status, S.FailureReason, r.AmountNgwee, S.CreatedAt, S.UpdatedAt));

    private async Task ReconcileCoreAsync()
    {
        var request = S.Request!;
        if (!rails.Supports(request.Network))
        {
            // This silo lacks the provider (a configuration mistake or a rolling deploy): keep it for a silo that has it.
            logger.LogError("Phone verification {VerificationId}: this silo has no {Provider} client; cannot reconcile here", VerificationId, MobileMoneyRails.Name(request.Network));
            return;
        }

        var rail = rails.For(request.Network);
        if (S.Submissions == 0)
        {
            // Nothing was sent yet, so a verification the user withdrew can still end without any prompt. Once sent
            // (even if the provider says it never arrived) it runs to a definite outcome: it may be collected yet.
            if (await Wallet.GetPhoneVerificationAsync(VerificationId) is null)
            {
                await FinishAsync(PhoneVerificationStatus.Cancelled, null);
                return;
            }

            await SubmitAsync(rail);
            return;
        }

        CollectionStatus status;
        try
        {
            status = await statusQueries.RunAsync(request.Network, () => rail.GetStatusAsync(VerificationId));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Phone verification {VerificationId}: status query failed; will try again", VerificationId);
            await Entry.MarkOutcomeUnknownAsync(true);
            return;
        }

        await Entry.MarkOutcomeUnknownAsync(false);

        switch (status.State)
        {
            case CollectionState.Successful when status.AmountNgwee is { } amount && amount != request.AmountNgwee:
                // Never credit or link on a collection that does not match what was asked; an operator must look at it.
                logger.LogError("Phone verification {VerificationId}: provider reported {Reported} ngwee, expected {Expected}", VerificationId, amount, request.AmountNgwee);
                break;
            case CollectionState.Successful:
                S.ProviderTransactionId = status.ProviderTransactionId;
                await FinishAsync(PhoneVerificationStatus.Verified, null);
                break;
            case CollectionState.Failed:
                await FinishAsync(PhoneVerificationStatus.Failed, PhoneVerificationCollection.DescribeFailure(status.Reason, request.AmountNgwee));
                break;
            case CollectionState.NotFound:
                // The provider never received it; the reference is unchanged, so sending again cannot charge twice.
                await SubmitAsync(rail);
                break;
        }
    }

    private async Task SubmitAsync(IMobileMoneyCollections rail)
    {
        var request = S.Request!;
        // Saved before sending: once anything may be at the provider, a restart must ask it rather than treat the
        // verification as never sent (which a cancel could then end while the owner still approves the prompt).
        S.Submissions++;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        try
        {
            var outcome = await rail.RequestToPayAsync(PhoneVerificationCollection.For(request, CallbackUrl(rail.Provider)));
            logger.LogInformation("Phone verification {VerificationId} of {UserId}: collection {Outcome} by {Provider}", VerificationId, UserId, outcome, rail.Provider);
        }
        catch (MobileMoneyRejectedException ex)
        {
            await FinishAsync(PhoneVerificationStatus.Failed, $"{MobileMoneyRails.Name(request.Network)} refused the verification payment: {ex.Message}");
        }
        catch (Exception ex)
        {
            // Unknown outcome: the provider may or may not have it. Only asking it can tell.
            logger.LogWarning(ex, "Phone verification {VerificationId}: the collection had no definite answer; will reconcile", VerificationId);
            await Entry.MarkOutcomeUnknownAsync(true);
        }
    }

    private async Task FinishAsync(PhoneVerificationStatus status, string? reason)
    {
        if (status == PhoneVerificationStatus.Verified)
        {
            await Wallet.CompletePhoneVerificationAsync(VerificationId, S.Request!.AmountNgwee, S.Request.Network);
        }
        else if (status == PhoneVerificationStatus.Failed)
        {
            await Wallet.FailPhoneVerificationAsync(VerificationId, reason ?? "The verification failed.");
        }

        S.Status = status;
        S.FailureReason = reason;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        _poller?.Stop();
        await Entry.RemoveAsync(failed: status != PhoneVerificationStatus.Verified);
        logger.LogInformation("Phone verification {VerificationId} of {UserId} ended {Status} {Reason}", VerificationId, UserId, status, reason);
    }

    private ReconcilerEntry Entry => _entry ??= new ReconcilerEntry(GrainFactory, VerificationId, logger);

    private void SchedulePoll(TimeSpan delay)
    {
        _poller ??= new BackoffPoller(this, PollOnceAsync, _options.PaymentPollInterval, _options.MaxPaymentPollInterval,
            ex => logger.LogWarning(ex, "Phone verification {VerificationId}: reconciliation failed; will try again", VerificationId));
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
            : new Uri($"{_options.CallbackBaseUrl.TrimEnd('/')}/api/callbacks/{provider.ToString().ToLowerInvariant()}/{VerificationId:D}");
}
