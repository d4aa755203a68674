using Enerlectra.Abstractions.Deposits;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Payouts;
using Enerlectra.Abstractions.PhoneVerifications;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Withdrawals;
using Enerlectra.Grains.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Enerlectra.Grains.Payments;

/// <summary>
/// Every trade passes through here twice (track, untrack), so the grain is reentrant and commits in groups.
/// Its reminder is what brings unfinished payments back after a restart or a silo failure.
/// </summary>
[Reentrant]
public sealed class PaymentReconcilerGrain : Grain, IPaymentReconcilerGrain, IRemindable
{
    private const string SweepReminder = "sweep";
    private const int SweepParallelism = 8;

    private readonly IPersistentState<PaymentReconcilerState> _state;
    private readonly TradingOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<PaymentReconcilerGrain> _logger;
    private readonly CoalescingWriter _writer;
    private bool _sweeping;

    public PaymentReconcilerGrain(
        [PersistentState("reconciler", StorageNames.Trading)] IPersistentState<PaymentReconcilerState> state,
        IOptions<TradingOptions> options,
        TimeProvider clock,
        ILogger<PaymentReconcilerGrain> logger)
    {
        _state = state;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _writer = new CoalescingWriter(() => _state.WriteStateAsync(), DeactivateOnIdle);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        await this.RegisterOrUpdateReminder(SweepReminder, _options.ReconcileReminderPeriod, _options.ReconcileReminderPeriod);

    public async Task TrackAsync(Guid tradeId, MobileNetwork network)
    {
        var pending = _state.State.Pending;
        if (pending.TryGetValue(tradeId, out var existing) && existing.Kind == PendingKind.WalletPayment)
        {
            pending[tradeId] = new PendingPayment(tradeId, network, existing.Since);
            await SaveAsync();
        }
        else if (pending.TryAdd(tradeId, new PendingPayment(tradeId, network, _clock.GetUtcNow())))
        {
            await SaveAsync();
        }
    }

    public async Task TrackWalletPaymentAsync(Guid tradeId, bool recheck = false)
    {
        if (_state.State.Pending.TryAdd(tradeId, new PendingPayment(tradeId, default, _clock.GetUtcNow(), PendingKind.WalletPayment, Recheck: recheck)))
        {
            await SaveAsync();
        }
    }

    public async Task TrackPayoutAsync(Guid payoutId, string sellerId, MobileNetwork network)
    {
        if (_state.State.Pending.TryAdd(payoutId, new PendingPayment(payoutId, network, _clock.GetUtcNow(), PendingKind.Payout, sellerId)))
        {
            await SaveAsync();
        }
    }

    public async Task TrackPhoneVerificationAsync(Guid verificationId, string userId, MobileNetwork network)
    {
        if (_state.State.Pending.TryAdd(verificationId, new PendingPayment(verificationId, network, _clock.GetUtcNow(), PendingKind.PhoneVerification, userId)))
        {
            await SaveAsync();
        }
    }

    public Task TrackDepositAsync(Guid depositId, string userId, MobileNetwork network) =>
        TrackOwnedAsync(depositId, PendingKind.Deposit, userId, network);

    public Task TrackWalletDepositAsync(Guid depositId, string userId) =>
        TrackOwnedAsync(depositId, PendingKind.WalletDeposit, userId, default);

    public Task TrackWithdrawalAsync(Guid withdrawalId, string userId, MobileNetwork network) =>
        TrackOwnedAsync(withdrawalId, PendingKind.Withdrawal, userId, network);

    private async Task TrackOwnedAsync(Guid id, PendingKind kind, string owner, MobileNetwork network)
    {
        if (_state.State.Pending.TryAdd(id, new PendingPayment(id, network, _clock.GetUtcNow(), kind, owner)))
        {
            await SaveAsync();
        }
    }

    public Task<PendingPayment?> FindAsync(Guid id) => Task.FromResult(_state.State.Pending.GetValueOrDefault(id));

    public async Task UntrackAsync(Guid tradeId, bool failed)
    {
        if (Resolve(tradeId, failed))
        {
            await SaveAsync();
        }
    }

    public async Task MarkOutcomeUnknownAsync(Guid id, bool unknown)
    {
        if (_state.State.Pending.TryGetValue(id, out var pending) && pending.OutcomeUnknown != unknown)
        {
            _state.State.Pending[id] = pending with { OutcomeUnknown = unknown };
            await SaveAsync();
        }
    }

    public Task<IReadOnlyList<ResolvedCount>> GetResolvedAsync() =>
        Task.FromResult<IReadOnlyList<ResolvedCount>>(_state.State.Resolved
            .Select(r => new ResolvedCount(r.Key.Kind, r.Key.Network, r.Key.Failed, r.Value)).ToList());

    private bool Resolve(Guid id, bool failed)
    {
        if (!_state.State.Pending.Remove(id, out var pending))
        {
            return false;
        }

        if (!pending.Recheck)
        {
            var key = (pending.Kind, pending.Network, failed);
            _state.State.Resolved[key] = _state.State.Resolved.GetValueOrDefault(key) + 1;
        }

        return true;
    }

    public Task<IReadOnlyList<PendingPayment>> GetPendingAsync() =>
        Task.FromResult<IReadOnlyList<PendingPayment>>(_state.State.Pending.Values.OrderBy(p => p.Since).ToList());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_sweeping)
        {
            return;
        }

        _sweeping = true;
        try
        {
            await SweepAsync();
        }
        finally
        {
            _sweeping = false;
        }
    }

    private async Task SweepAsync()
    {
        var settled = new List<(Guid Id, bool Failed)>();
        foreach (var batch in _state.State.Pending.Values.ToList().Chunk(SweepParallelism))
        {
            var results = await Task.WhenAll(batch.Select(ReconcileAsync));
            settled.AddRange(results.OfType<(Guid, bool)>());
        }

        var removed = settled.Count(s => Resolve(s.Id, s.Failed));
        if (removed > 0)
        {
            await SaveAsync();
        }
    }

    /// <summary>Returns the id and outcome when the payment or payout is definite and can leave the list.</summary>
    private async Task<(Guid, bool)?> ReconcileAsync(PendingPayment pending)
    {
        var tradeId = pending.TradeId;
        try
        {
            if (pending.Kind == PendingKind.Payout)
            {
                if (pending.Owner is null)
                {
                    return (tradeId, true); // cannot be addressed; never written that way
                }

                var payout = await GrainFactory.GetGrain<IPayoutGrain>(tradeId, pending.Owner, null).ReconcileAsync();
                return payout == PayoutStatus.Pending ? null : (tradeId, payout == PayoutStatus.Failed);
            }

            if (pending.Kind == PendingKind.PhoneVerification)
            {
                if (pending.Owner is null)
                {
                    return (tradeId, true); // cannot be addressed; never written that way
                }

                var verification = await GrainFactory.GetGrain<IPhoneVerificationGrain>(tradeId, pending.Owner, null).ReconcileAsync();
                return verification == PhoneVerificationStatus.AwaitingApproval ? null : (tradeId, verification != PhoneVerificationStatus.Verified);
            }

            if (pending.Kind is PendingKind.Deposit or PendingKind.WalletDeposit)
            {
                if (pending.Owner is null)
                {
                    return (tradeId, true); // cannot be addressed; never written that way
                }

                var deposit = await GrainFactory.GetGrain<IDepositGrain>(tradeId, pending.Owner, null).ReconcileAsync();
                return deposit is DepositStatus.Completed or DepositStatus.Failed ? (tradeId, deposit == DepositStatus.Failed) : null;
            }

            if (pending.Kind == PendingKind.Withdrawal)
            {
                if (pending.Owner is null)
                {
                    return (tradeId, true); // cannot be addressed; never written that way
                }

                var withdrawal = await GrainFactory.GetGrain<IWithdrawalGrain>(tradeId, pending.Owner, null).ReconcileAsync();
                return withdrawal == WithdrawalStatus.Pending ? null : (tradeId, withdrawal == WithdrawalStatus.Failed);
            }

            var trade = await GrainFactory.GetGrain<IPaymentGrain>(tradeId).ReconcileAsync();
            // A completed trade whose wallet payment a reorganisation took away is still being collected again.
            var definite = trade.Status == TradeStatus.Failed || (trade.Status == TradeStatus.Completed && trade.PaymentState != PaymentState.Submitting);
            return definite ? (tradeId, trade.Status == TradeStatus.Failed) : null;
        }
        catch (Abstractions.Errors.TradingException ex) when (ex.Kind == Abstractions.Errors.ErrorKind.NotFound)
        {
            // The trade does not exist (it was never saved): nothing to reconcile. Any other refusal keeps it listed.
            return (tradeId, true);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Reconciling trade {TradeId} failed; the next sweep tries again", tradeId);
            return null;
        }
    }

    private Task SaveAsync() => _writer.WriteAsync();
}
