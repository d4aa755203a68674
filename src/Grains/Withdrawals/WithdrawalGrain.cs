using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Limits;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Payouts;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Withdrawals;
using Enerlectra.Exchange;
using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Grains;
using Enerlectra.Grains.Infrastructure;
using Enerlectra.Grains.Payments;
using Enerlectra.Grains.Wallets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enerlectra.Grains.Withdrawals;

/// <summary>
/// A withdrawal's state machine: the market holds the money (a payout from the balance, by withdrawal id) → the
/// payout grain pays it to the verified phone under the same id and reports the definite outcome → the market settles
/// the hold (paid: the money leaves; failed: it is available again). Every step is idempotent by the withdrawal id
/// and each stage is saved before the next step, so a crash anywhere is finished by the next poll, the reconciler's
/// sweep or the same request again; an unknown answer (from the market or the provider) is asked again, never
/// guessed. This grain never waits on the payout grain (which calls back into it): it only sends it the one-way start.
/// </summary>
public sealed class WithdrawalGrain(
    [PersistentState("withdrawal", StorageNames.Trading)] IPersistentState<WithdrawalState> state,
    MobileMoneyRails rails,
    IOptions<TradingOptions> options,
    IOptions<PaymentLimits> limits,
    IOptions<MarketOptions> markets,
    TimeProvider clock,
    ILogger<WithdrawalGrain> logger) : Grain, IWithdrawalGrain
{
    private readonly TradingOptions _options = options.Value;
    private BackoffPoller? _poller;
    private ReconcilerEntry? _entry;

    private WithdrawalState S => state.State;

    private Guid WithdrawalId => this.GetPrimaryKey(out _);

    private string UserId
    {
        get
        {
            this.GetPrimaryKey(out var userId);
            return userId!;
        }
    }

    /// <summary>Holding and settling are this grain's own steps to retry; while paying, the payout grain has the work.</summary>
    private bool HasOwnWork => S.Request is not null && S.Stage is WithdrawalStage.Holding or WithdrawalStage.Settling;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (HasOwnWork)
        {
            SchedulePoll(TimeSpan.Zero);
        }
        else if (S.Request is not null && S.Stage == WithdrawalStage.Paying)
        {
            // The payout may never have received its start (a crash right after the hold): it is idempotent.
            await KickPayoutAsync();
        }
    }

    public async Task<WithdrawalSnapshot> StartAsync(WithdrawalRequest request)
    {
        if (S.Request is { } existing)
        {
            if (existing != request)
            {
                throw TradingException.Conflict("This idempotency key was already used for a different withdrawal.", "idempotencyKey");
            }

            if (HasOwnWork && _poller is null)
            {
                // A retry after a start that failed half way: make sure it is being worked on.
                SchedulePoll(TimeSpan.Zero);
            }

            return Snapshot();
        }

        if (request.WithdrawalId != WithdrawalId || request.UserId != UserId)
        {
            throw new ArgumentException($"Withdrawal {WithdrawalId} of {UserId} was started with another id or user.", nameof(request));
        }

        if (request.AmountNgwee <= 0)
        {
            throw TradingException.Invalid("amountNgwee", "amountNgwee must be greater than zero.");
        }

        markets.Value.RequireConfigured(request.MarketId);
        var payee = await VerifiedPhone.OfAsync(GrainFactory, UserId) ?? throw TradingException.Precondition(
            $"Your wallet has no verified phone to withdraw to. Link your number (PUT /api/wallets/{UserId}/phone) and approve the " +
            "verification prompt on that phone first: money is only paid out to your own verified number.",
            "phoneNumber");
        var providerName = MobileMoneyRails.Name(payee.Network);
        if (!rails.SupportsPayouts(payee.Network))
        {
            throw TradingException.Precondition($"Payouts to {providerName} numbers are not available yet.", "phoneNumber");
        }

        limits.Value.CheckAmount(payee.Network, providerName, request.AmountNgwee, "withdrawal");

        // The usual refusal, answered from a read before anything is written (the hold below decides, atomically).
        var account = await Market(request.MarketId).GetAccountAsync(UserId);
        if (account.MoneyAvailableNgwee < request.AmountNgwee)
        {
            throw TradingException.Precondition(
                $"Not enough money: {PaymentLimits.Kwacha(account.MoneyAvailableNgwee)} available to withdraw, {PaymentLimits.Kwacha(request.AmountNgwee)} requested.",
                "amountNgwee");
        }

        // Listed before it is recorded: a withdrawal on record is always on the reconciler's list.
        await Entry.Shard.TrackWithdrawalAsync(WithdrawalId, UserId, payee.Network);
        var now = clock.GetUtcNow();
        S.Request = request;
        S.PayeeMsisdn = payee.Msisdn;
        S.Network = payee.Network;
        S.Stage = WithdrawalStage.Holding;
        S.Status = WithdrawalStatus.Pending;
        S.CreatedAt = S.UpdatedAt = now;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Perhaps saved, perhaps not: nothing is held from here. The next activation reads what is durable.
            state.State = new WithdrawalState();
            DeactivateOnIdle();
            throw;
        }

        try
        {
            await HoldAsync();
        }
        catch (TradingException ex) when (ex.Kind != ErrorKind.Unavailable)
        {
            // The market refused (not enough money): nothing was held, so nothing stays recorded, and the user may
            // try again with the same key once they have the money.
            await ForgetAsync(ex.Message);
            throw;
        }

        if (HasOwnWork)
        {
            SchedulePoll(_options.PaymentPollInterval);
        }

        return Snapshot();
    }

    public async Task<WithdrawalStatus> ReconcileAsync()
    {
        if (S.Request is null)
        {
            // Never recorded (listed, then the write failed, or refused and forgotten): nothing was held or sent.
            DeactivateOnIdle();
            return WithdrawalStatus.Failed;
        }

        await AdvanceAsync();
        return S.Status;
    }

    public async Task PayoutFinishedAsync(bool paid, string? reason)
    {
        if (S.Request is null || S.Stage is WithdrawalStage.Settling or WithdrawalStage.Done)
        {
            return; // told before (the payout tells until it hears back)
        }

        // Saved first: from here on the market is told this outcome, whatever happens, and the payout is not asked again.
        S.Paid = paid;
        S.FailureReason = paid ? null : reason ?? "The payout to your phone failed.";
        S.Stage = WithdrawalStage.Settling;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        logger.LogInformation("Withdrawal {WithdrawalId} of {UserId}: payout {Outcome}", WithdrawalId, UserId, paid ? "paid" : "failed: " + S.FailureReason);
        await SettleAsync();
        if (HasOwnWork)
        {
            SchedulePoll(_options.PaymentPollInterval);
        }
    }

    public Task<WithdrawalSnapshot?> GetAsync() => Task.FromResult(S.Request is null ? null : Snapshot());

    private async Task AdvanceAsync()
    {
        switch (S.Stage)
        {
            case WithdrawalStage.Holding:
                try
                {
                    await HoldAsync();
                }
                catch (TradingException ex) when (ex.Kind != ErrorKind.Unavailable)
                {
                    // Refused on a later attempt (the balance was spent meanwhile): nothing is held, nothing was sent.
                    S.Stage = WithdrawalStage.Done;
                    S.Status = WithdrawalStatus.Failed;
                    S.FailureReason = ex.Message;
                    S.UpdatedAt = clock.GetUtcNow();
                    await state.WriteStateAsync();
                    await FinishAsync();
                }

                break;
            case WithdrawalStage.Paying:
                await KickPayoutAsync();
                break;
            case WithdrawalStage.Settling:
                await SettleAsync();
                break;
        }
    }

    /// <summary>
    /// Asks the market to hold the money (idempotent by withdrawal id) and, once it confirms, starts the payout. A
    /// refusal is thrown; an unknown answer leaves the withdrawal holding, to be asked again.
    /// </summary>
    private async Task HoldAsync()
    {
        var request = S.Request!;
        PendingPayout hold;
        try
        {
            hold = await Market(request.MarketId).RequestPayoutAsync(UserId, WithdrawalId, request.AmountNgwee, PayoutSource.Balance, MobileNetworkNames.Of(S.Network));
        }
        catch (Exception ex) when (ex is not TradingException { Kind: not ErrorKind.Unavailable })
        {
            logger.LogWarning(ex, "Withdrawal {WithdrawalId}: market {MarketId} did not confirm the hold; will ask again", WithdrawalId, request.MarketId);
            return;
        }

        if (hold.UserId != UserId || hold.Ngwee != request.AmountNgwee || hold.Source != PayoutSource.Balance)
        {
            // The id is keyed from this user's key, so this cannot be another payout; an operator must look at it.
            logger.LogError("Withdrawal {WithdrawalId}: market {MarketId} holds {Hold} for this id, not this withdrawal", WithdrawalId, request.MarketId, hold);
            return;
        }

        S.Stage = WithdrawalStage.Paying;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        _poller?.Stop();
        logger.LogInformation("Withdrawal {WithdrawalId}: {Amount} ngwee of {UserId} held in market {MarketId}; paying +{Msisdn}",
            WithdrawalId, request.AmountNgwee, UserId, request.MarketId, S.PayeeMsisdn);
        await KickPayoutAsync();
    }

    /// <summary>
    /// Starts (or nudges) the payout under the withdrawal id. One-way and idempotent: the payout grain reports its
    /// outcome back through <see cref="PayoutFinishedAsync"/>, and polls the provider itself meanwhile.
    /// </summary>
    private async Task KickPayoutAsync()
    {
        var request = S.Request!;
        try
        {
            await GrainFactory.GetGrain<IPayoutGrain>(WithdrawalId, UserId, null).StartAsync(
                new PayoutRequest(WithdrawalId, UserId, S.PayeeMsisdn, S.Network, request.AmountNgwee, PayoutPurpose.Withdrawal));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Withdrawal {WithdrawalId}: the payout could not be started yet; the reconciler's sweep tries again", WithdrawalId);
        }
    }

    /// <summary>Tells the market the payout's outcome (idempotent); until it confirms, the withdrawal stays settling.</summary>
    private async Task SettleAsync()
    {
        try
        {
            await Market(S.Request!.MarketId).SettlePayoutAsync(WithdrawalId, S.Paid);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Withdrawal {WithdrawalId}: market {MarketId} did not confirm the settlement yet; will retry", WithdrawalId, S.Request!.MarketId);
            return;
        }

        S.Stage = WithdrawalStage.Done;
        S.Status = S.Paid ? WithdrawalStatus.Paid : WithdrawalStatus.Failed;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        await FinishAsync();
        logger.LogInformation("Withdrawal {WithdrawalId} of {UserId} settled: {Status}", WithdrawalId, UserId, S.Status);
    }

    private async Task FinishAsync()
    {
        _poller?.Stop();
        await Entry.RemoveAsync(failed: S.Status == WithdrawalStatus.Failed);
    }

    /// <summary>A withdrawal the market refused at once is not kept: the same key may be used again.</summary>
    private async Task ForgetAsync(string reason)
    {
        logger.LogInformation("Withdrawal {WithdrawalId} of {UserId} refused: {Reason}", WithdrawalId, UserId, reason);
        try
        {
            await state.ClearStateAsync();
            state.State = new WithdrawalState();
        }
        catch (Exception ex)
        {
            // Still recorded as holding: the next attempt (a poll or a sweep) is refused the same way and says why.
            logger.LogWarning(ex, "Withdrawal {WithdrawalId}: could not forget the refused withdrawal", WithdrawalId);
            SchedulePoll(_options.PaymentPollInterval);
            return;
        }

        await Entry.RemoveAsync(failed: true);
    }

    private IOrderBookGrain Market(string marketId) => GrainFactory.GetGrain<IOrderBookGrain>(marketId);

    private ReconcilerEntry Entry => _entry ??= new ReconcilerEntry(GrainFactory, WithdrawalId, logger);

    private void SchedulePoll(TimeSpan delay)
    {
        _poller ??= new BackoffPoller(this, PollOnceAsync, _options.PaymentPollInterval, _options.MaxPaymentPollInterval,
            ex => logger.LogWarning(ex, "Withdrawal {WithdrawalId}: moving on failed; will try again", WithdrawalId));
        _poller.Start(delay);
    }

    private async Task<bool> PollOnceAsync()
    {
        if (HasOwnWork)
        {
            await AdvanceAsync();
        }

        return !HasOwnWork;
    }

    private WithdrawalSnapshot Snapshot()
    {
        var r = S.Request!;
        return new WithdrawalSnapshot(WithdrawalId, UserId, r.MarketId, r.AmountNgwee, "+" + S.PayeeMsisdn, S.Network, S.Status, S.FailureReason,
            S.CreatedAt, S.UpdatedAt, r.IdempotencyKey);
    }
}
