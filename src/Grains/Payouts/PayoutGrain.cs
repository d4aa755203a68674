using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Payouts;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Abstractions.Withdrawals;
using Enerlectra.Grains.Infrastructure;
using Enerlectra.Grains.Payments;
using Enerlectra.MobileMoney;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enerlectra.Grains.Payouts;

/// <summary>
/// A payout's state machine: transfer → definite outcome → tell the owner of the money (the wallet for seller
/// earnings, the withdrawal grain for a withdrawal from a market balance). Like a trade's payment, an unknown outcome
/// is resolved by asking the provider under the same reference, never by sending a new transfer.
/// </summary>
public sealed class PayoutGrain(
    [PersistentState("payout", StorageNames.Trading)] IPersistentState<PayoutState> state,
    MobileMoneyRails rails,
    StatusQueryLimiter statusQueries,
    IOptions<TradingOptions> options,
    TimeProvider clock,
    ILogger<PayoutGrain> logger) : Grain, IPayoutGrain
{
    private readonly TradingOptions _options = options.Value;
    private BackoffPoller? _poller;
    private ReconcilerEntry? _entry;

    private PayoutState S => state.State;

    private Guid PayoutId => this.GetPrimaryKey(out _);

    private string SellerId
    {
        get
        {
            this.GetPrimaryKey(out var sellerId);
            return sellerId!;
        }
    }

    private bool IsFinal => S.Status is PayoutStatus.Completed or PayoutStatus.Failed;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Request is not null && !IsFinal)
        {
            SchedulePoll(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    public async Task StartAsync(PayoutRequest request)
    {
        if (S.Request is not null)
        {
            if (S.Request != request)
            {
                logger.LogError("Payout {PayoutId} was started twice with different details; keeping the first", PayoutId);
            }

            return;
        }

        if (request.PayoutId != PayoutId || request.UserId != SellerId || request.AmountNgwee <= 0)
        {
            logger.LogError("Refusing a malformed payout request for {PayoutId}", PayoutId);
            return;
        }

        var now = clock.GetUtcNow();
        S.Request = request;
        S.Status = PayoutStatus.Pending;
        S.CreatedAt = S.UpdatedAt = now;
        await state.WriteStateAsync();
        SchedulePoll(TimeSpan.Zero);
    }

    public async Task<PayoutStatus> ReconcileAsync()
    {
        if (S.Request is null)
        {
            // Never started (the start message was lost): the wallet knows whether this payout is still wanted.
            var wanted = await GrainFactory.GetGrain<IWalletGrain>(SellerId).GetPayoutAsync(PayoutId);
            if (wanted is null)
            {
                DeactivateOnIdle();
                return PayoutStatus.Failed;
            }

            await StartAsync(wanted);
        }

        if (!IsFinal)
        {
            await ReconcileCoreAsync();
        }

        return S.Status;
    }

    public Task<PayoutSnapshot?> GetAsync() => Task.FromResult(S.Request is null
        ? null
        : new PayoutSnapshot(S.Request, S.Status, S.FailureReason, S.ProviderTransactionId, S.CreatedAt, S.UpdatedAt));

    private async Task ReconcileCoreAsync()
    {
        var client = rails.PayoutsFor(S.Request!.Network);
        if (client is null)
        {
            logger.LogError("Payout {PayoutId}: no payout client for {Network}; waiting for one to be configured", PayoutId, S.Request.Network);
            return;
        }

        if (S.Submissions == 0)
        {
            await SubmitAsync(client);
            return;
        }

        CollectionStatus status;
        try
        {
            status = await statusQueries.RunAsync(S.Request.Network, () => client.GetTransferStatusAsync(PayoutId));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Payout {PayoutId}: status query failed; will try again", PayoutId);
            await Entry.MarkOutcomeUnknownAsync(true);
            return;
        }

        await Entry.MarkOutcomeUnknownAsync(false);

        switch (status.State)
        {
            case CollectionState.Successful:
                S.ProviderTransactionId = status.ProviderTransactionId;
                await FinishAsync(PayoutStatus.Completed, null);
                break;
            case CollectionState.Failed:
                await FinishAsync(PayoutStatus.Failed, $"The payout to your phone failed ({status.Reason ?? "no reason given"}).");
                break;
            case CollectionState.NotFound:
                // The provider never got it; the same reference makes sending again safe.
                await SubmitAsync(client);
                break;
        }
    }

    private async Task SubmitAsync(IMobileMoneyDisbursements client)
    {
        var request = S.Request!;
        S.Submissions++;
        try
        {
            var note = request.Purpose == PayoutPurpose.Withdrawal ? "Enerlectra withdrawal" : "Enerlectra energy sales";
            await client.TransferAsync(new DisbursementRequest(PayoutId, request.PayeeMsisdn, request.AmountNgwee, PayoutId.ToString("N"), note));
        }
        catch (MobileMoneyRejectedException ex)
        {
            await FinishAsync(PayoutStatus.Failed, $"The provider refused the payout: {ex.Message}");
        }
        catch (Exception ex)
        {
            // Unknown outcome: the status query decides.
            logger.LogWarning(ex, "Payout {PayoutId}: the transfer had no definite answer; will reconcile", PayoutId);
            await Entry.MarkOutcomeUnknownAsync(true);
        }
    }

    private async Task FinishAsync(PayoutStatus status, string? reason)
    {
        // The owner of the money hears the outcome first; only then is the payout final here, so an owner that could
        // not be told is told again by the next poll (each owner takes the outcome once).
        if (S.Request!.Purpose == PayoutPurpose.Withdrawal)
        {
            await GrainFactory.GetGrain<IWithdrawalGrain>(PayoutId, SellerId, null)
                .PayoutFinishedAsync(status == PayoutStatus.Completed, status == PayoutStatus.Completed ? null : reason ?? "The payout failed.");
        }
        else if (status == PayoutStatus.Completed)
        {
            await GrainFactory.GetGrain<IWalletGrain>(SellerId).CompletePayoutAsync(PayoutId);
        }
        else
        {
            await GrainFactory.GetGrain<IWalletGrain>(SellerId).FailPayoutAsync(PayoutId, reason ?? "The payout failed.");
        }

        S.Status = status;
        S.FailureReason = reason;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        _poller?.Stop();
        await Entry.RemoveAsync(failed: status == PayoutStatus.Failed);
    }

    private ReconcilerEntry Entry => _entry ??= new ReconcilerEntry(GrainFactory, PayoutId, logger);

    private void SchedulePoll(TimeSpan delay)
    {
        _poller ??= new BackoffPoller(this, PollOnceAsync, _options.PaymentPollInterval, _options.MaxPaymentPollInterval,
            ex => logger.LogWarning(ex, "Payout {PayoutId}: reconciliation failed; will try again", PayoutId));
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
}
