using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Meters;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Payouts;
using Enerlectra.Abstractions.PhoneVerifications;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Grains.Infrastructure;
using Enerlectra.Grains.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enerlectra.Grains.Wallets;

/// <summary>
/// A user's energy and earnings, and the phone they verified. Phone verification (linking a number, proving it is the
/// user's, depositing the verification amount) is in WalletGrain.PhoneVerification.cs; what the wallet hands to the
/// markets' trading accounts (energy transfers, deposits it owes) in WalletGrain.Market.cs.
/// </summary>
public sealed partial class WalletGrain(
    [PersistentState("wallet", StorageNames.Trading)] IPersistentState<WalletState> state,
    IOptions<TradingOptions> options,
    IOptions<PayoutOptions> payoutOptions,
    IOptions<PhoneVerificationOptions> verificationOptions,
    IOptions<MarketOptions> marketOptions,
    MobileMoneyRails rails,
    KeyedIds ids,
    TimeProvider clock,
    ILogger<WalletGrain> logger) : Grain, IWalletGrain
{
    /// <summary>History entries kept per wallet (older ones drop off): a few months of a household's activity.</summary>
    public const int HistoryKept = 200;

    private readonly TradingOptions _options = options.Value;
    private readonly PayoutOptions _payouts = payoutOptions.Value;
    private readonly PhoneVerificationOptions _verification = verificationOptions.Value;
    private readonly MarketOptions _markets = marketOptions.Value;

    private WalletState S => state.State;

    private string UserId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A payout saved as in flight may never have reached its grain (a crash in between): make sure it runs.
        if (S.CurrentPayout is not null)
        {
            await KickPayoutAsync();
        }

        // Likewise a verification saved as awaiting approval.
        if (S.CurrentVerification is { } verification)
        {
            await KickVerificationAsync(verification);
        }

        // And transfers or deposits a market never confirmed (a crash in between): finished now, or on a timer.
        try
        {
            await MoveLegacyBalanceAsync();
            if (HasPendingMarketWork)
            {
                await FlushMarketAsync();
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Wallet {UserId}: could not finish its market transfers on activation; they stay recorded and are retried", UserId);
        }
    }

    public Task<WalletSnapshot> GetAsync() => Task.FromResult(Snapshot());

    public async Task<WalletSnapshot> RecordGenerationAsync(string readingId, long generatedWh, string recordedBy)
    {
        // The id of the credit (ReadingIds: the source and the reading id it reported), not what a client typed.
        if (string.IsNullOrWhiteSpace(readingId) || readingId.Length > ReadingIds.MaxCreditIdLength)
        {
            throw TradingException.Invalid("readingId", $"readingId is required and must be at most {ReadingIds.MaxCreditIdLength} characters.");
        }

        if (generatedWh <= 0)
        {
            throw TradingException.Invalid("generatedWh", "generatedWh must be greater than zero.");
        }

        if (generatedWh > _options.MaxReadingWh)
        {
            throw TradingException.Invalid("generatedWh", $"generatedWh must be at most {_options.MaxReadingWh} Wh per reading.");
        }

        var operationId = "reading:" + readingId;
        if (S.Applied.Contains(operationId))
        {
            if (S.RecentReadings.TryGetValue(readingId, out var recorded) && recorded != generatedWh)
            {
                throw TradingException.Conflict($"Reading '{readingId}' was already recorded with {recorded} Wh.", "readingId");
            }

            return Snapshot();
        }

        S.Applied.Add(operationId, _options.AppliedOperationsWindow);
        S.RecentReadings[readingId] = generatedWh;
        TrimReadings();
        S.AvailableWh = checked(S.AvailableWh + generatedWh);
        S.GeneratedWh = checked(S.GeneratedWh + generatedWh);
        await SaveAsync();
        logger.LogInformation("Recorded {GeneratedWh} Wh for {UserId} from reading {ReadingId} by {RecordedBy}", generatedWh, UserId, readingId, recordedBy);
        return Snapshot();
    }

    public async Task ReserveForOfferAsync(string operationId, long energyWh)
    {
        RequirePositive(energyWh);
        if (S.Applied.Contains(operationId))
        {
            return;
        }

        if (S.AvailableWh < energyWh)
        {
            throw TradingException.Precondition(
                $"Not enough energy to offer: {S.AvailableWh} Wh available, {energyWh} Wh requested.", "energyWh");
        }

        S.Applied.Add(operationId, _options.AppliedOperationsWindow);
        S.AvailableWh -= energyWh;
        S.ReservedWh += energyWh;
        await SaveAsync();
    }

    public async Task ReleaseReservedAsync(string operationId, long energyWh)
    {
        RequirePositive(energyWh);
        if (S.Applied.Contains(operationId))
        {
            return;
        }

        EnsureReserved(energyWh, operationId);
        S.Applied.Add(operationId, _options.AppliedOperationsWindow);
        S.ReservedWh -= energyWh;
        S.AvailableWh += energyWh;
        await SaveAsync();
    }

    public async Task SettleSaleAsync(string operationId, long energyWh, long netEarningsNgwee, bool energyFromMarket = false)
    {
        RequirePositive(energyWh);
        ArgumentOutOfRangeException.ThrowIfNegative(netEarningsNgwee);
        if (S.Applied.Contains(operationId))
        {
            return;
        }

        if (!energyFromMarket)
        {
            EnsureReserved(energyWh, operationId);
            S.ReservedWh -= energyWh;
        }

        S.Applied.Add(operationId, _options.AppliedOperationsWindow);
        S.EarningsNgwee = checked(S.EarningsNgwee + netEarningsNgwee);
        Remember(WalletHistoryKind.Sale, energyWh, netEarningsNgwee, Reference(operationId));
        var payout = PreparePayout(force: false);
        await SaveAsync();
        await KickPayoutAsync(payout);
    }

    public Task<PayoutRequest?> GetPayoutAsync(Guid payoutId) =>
        Task.FromResult(S.CurrentPayout is { } current && current.PayoutId == payoutId ? current : null);

    public async Task CompletePayoutAsync(Guid payoutId)
    {
        if (S.CurrentPayout is not { } current || current.PayoutId != payoutId)
        {
            return;
        }

        S.PayoutPendingNgwee -= current.AmountNgwee;
        S.PaidOutNgwee = checked(S.PaidOutNgwee + current.AmountNgwee);
        S.CurrentPayout = null;
        S.LastPayoutFailure = null;
        Remember(WalletHistoryKind.Payout, 0, current.AmountNgwee, current.PayoutId.ToString());
        // Earnings that arrived while this payout was in flight go out next.
        var next = PreparePayout(force: false);
        await SaveAsync();
        logger.LogInformation("Paid out {Amount} ngwee to {UserId}", current.AmountNgwee, UserId);
        await KickPayoutAsync(next);
    }

    public async Task FailPayoutAsync(Guid payoutId, string reason)
    {
        if (S.CurrentPayout is not { } current || current.PayoutId != payoutId)
        {
            return;
        }

        // The money was definitely not sent: it is the seller's again, and the reason is shown to them. It goes out
        // with the next sale, or when the seller asks (after fixing their number, say).
        S.PayoutPendingNgwee -= current.AmountNgwee;
        S.EarningsNgwee = checked(S.EarningsNgwee + current.AmountNgwee);
        S.CurrentPayout = null;
        S.LastPayoutFailure = reason;
        Remember(WalletHistoryKind.PayoutFailed, 0, current.AmountNgwee, current.PayoutId.ToString(), reason);
        await SaveAsync();
        logger.LogWarning("Payout of {Amount} ngwee to {UserId} failed: {Reason}", current.AmountNgwee, UserId, reason);
    }

    public async Task<WalletSnapshot> RequestPayoutAsync()
    {
        if (S.CurrentPayout is not null)
        {
            throw TradingException.Precondition("A payout is already on its way to your phone.");
        }

        if (S.EarningsNgwee <= 0)
        {
            throw TradingException.Precondition("There are no earnings to pay out.");
        }

        if (S.PhoneNumber is null || S.PhoneNetwork is not { } network)
        {
            throw TradingException.Precondition(
                "Your wallet has no verified phone to pay out to: link your number and approve the verification prompt on that phone first.", "phoneNumber");
        }

        if (!rails.SupportsPayouts(network))
        {
            throw TradingException.Precondition($"Payouts to {MobileMoneyRails.Name(network)} numbers are not available yet.", "phoneNumber");
        }

        var payout = PreparePayout(force: true);
        await SaveAsync();
        await KickPayoutAsync(payout);
        return Snapshot();
    }

    /// <summary>
    /// Moves earnings into a new payout when it is due; the caller saves the state (in the same write as the change
    /// that made it due) and then calls <see cref="KickPayoutAsync"/>.
    /// </summary>
    private PayoutRequest? PreparePayout(bool force)
    {
        if (S.CurrentPayout is not null || S.EarningsNgwee <= 0 || S.PhoneNumber is null || S.PhoneNetwork is not { } network)
        {
            return null;
        }

        var due = force || (_payouts.Enabled && S.EarningsNgwee >= _payouts.ThresholdNgwee);
        if (!due || !rails.SupportsPayouts(network))
        {
            return null;
        }

        // The payout id is the provider's disbursement reference: keyed, so nobody can work it out from user and count.
        var payout = new PayoutRequest(
            ids.PayoutId(UserId, ++S.PayoutSequence),
            UserId, S.PhoneNumber, network, S.EarningsNgwee);
        S.EarningsNgwee = 0;
        S.PayoutPendingNgwee = payout.AmountNgwee;
        S.CurrentPayout = payout;
        return payout;
    }

    /// <summary>
    /// Hands the saved payout to the reconciler (so it survives anything) and to its grain. Failures only delay it:
    /// the reconciler's sweep or this wallet's next activation starts it again with the same id.
    /// </summary>
    private async Task KickPayoutAsync(PayoutRequest? payout = null)
    {
        payout ??= S.CurrentPayout;
        if (payout is null)
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IPaymentReconcilerGrain>(PaymentReconcilers.ShardOf(payout.PayoutId))
                .TrackPayoutAsync(payout.PayoutId, UserId, payout.Network);
            await GrainFactory.GetGrain<IPayoutGrain>(payout.PayoutId, UserId, null).StartAsync(payout);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Payout {PayoutId} of {UserId} could not be started yet; it will be retried", payout.PayoutId, UserId);
        }
    }

    public Task CreditPurchaseAsync(string operationId, long energyWh, long paidNgwee)
    {
        RequirePositive(energyWh);
        ArgumentOutOfRangeException.ThrowIfNegative(paidNgwee);
        return ApplyOnceAsync(operationId, () =>
        {
            S.BoughtWh = checked(S.BoughtWh + energyWh);
            S.SpentNgwee = checked(S.SpentNgwee + paidNgwee);
            Remember(WalletHistoryKind.Purchase, energyWh, paidNgwee, Reference(operationId));
        });
    }

    public Task RecordDepositAsync(Guid depositId, long amountNgwee, string channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountNgwee);
        return ApplyOnceAsync("deposit:" + depositId.ToString("N"), () => Remember(WalletHistoryKind.Deposit, 0, amountNgwee, depositId.ToString(), channel));
    }

    public Task<IReadOnlyList<WalletHistoryEntry>> GetHistoryAsync() =>
        Task.FromResult<IReadOnlyList<WalletHistoryEntry>>([.. Enumerable.Reverse(S.History)]);

    /// <summary>Adds to the history, in the write of the change it records; only the latest <see cref="HistoryKept"/> stay.</summary>
    private void Remember(WalletHistoryKind kind, long energyWh, long amountNgwee, string reference, string? detail = null)
    {
        S.History.Add(new WalletHistoryEntry(kind, clock.GetUtcNow(), energyWh, amountNgwee, reference, detail));
        if (S.History.Count > HistoryKept)
        {
            S.History.RemoveRange(0, S.History.Count - HistoryKept);
        }
    }

    /// <summary>The trade id of a trade's operation id ("trade:" and the id's 32 digits), else the operation id.</summary>
    private static string Reference(string operationId) =>
        operationId.StartsWith("trade:", StringComparison.Ordinal) && Guid.TryParseExact(operationId[6..], "N", out var tradeId)
            ? tradeId.ToString()
            : operationId;

    public Task RecordChainSaleAsync(string operationId, long energyWh, long netNgwee)
    {
        RequirePositive(energyWh);
        ArgumentOutOfRangeException.ThrowIfNegative(netNgwee);
        return ApplyOnceAsync(operationId, () =>
        {
            S.SoldOnChainWh = checked(S.SoldOnChainWh + energyWh);
            S.EarnedOnChainNgwee = checked(S.EarnedOnChainNgwee + netNgwee);
        });
    }

    public Task ReverseChainSaleAsync(string operationId, long energyWh, long netNgwee) =>
        ApplyOnceAsync(operationId, () =>
        {
            S.SoldOnChainWh -= energyWh;
            S.EarnedOnChainNgwee -= netNgwee;
            logger.LogWarning("Reversed an on-chain sale of {EnergyWh} Wh for {UserId} ({Operation}): the chain reorganised", energyWh, UserId, operationId);
        });

    public Task ReverseChainPurchaseAsync(string operationId, long energyWh, long paidNgwee) =>
        ApplyOnceAsync(operationId, () =>
        {
            S.BoughtWh -= energyWh;
            S.SpentNgwee -= paidNgwee;
            logger.LogWarning("Reversed an on-chain purchase of {EnergyWh} Wh for {UserId} ({Operation}): the chain reorganised", energyWh, UserId, operationId);
        });

    /// <summary>Applies a change that needs no checks against the balances, once per operation id.</summary>
    private async Task ApplyOnceAsync(string operationId, Action change)
    {
        if (S.Applied.Contains(operationId))
        {
            return;
        }

        S.Applied.Add(operationId, _options.AppliedOperationsWindow);
        change();
        await SaveAsync();
    }

    private async Task SaveAsync()
    {
        S.Version++;
        await state.SaveOrRollbackAsync();
    }

    private void EnsureReserved(long energyWh, string operationId)
    {
        // Reserved energy only ever leaves through the offer that reserved it, so a shortfall is a bug, not user error.
        if (S.ReservedWh < energyWh)
        {
            throw new InvalidOperationException(
                $"Wallet {UserId} has {S.ReservedWh} Wh reserved but operation {operationId} takes {energyWh} Wh.");
        }
    }

    private static void RequirePositive(long energyWh) => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(energyWh);

    private void TrimReadings()
    {
        if (S.RecentReadings.Count <= _options.AppliedOperationsWindow)
        {
            return;
        }

        foreach (var key in S.RecentReadings.Keys.Where(k => !S.Applied.Contains("reading:" + k)).ToList())
        {
            S.RecentReadings.Remove(key);
        }
    }

    private WalletSnapshot Snapshot() => new(
        UserId, S.AvailableWh, S.ReservedWh, S.BoughtWh, S.GeneratedWh, S.EarningsNgwee, S.SpentNgwee,
        S.PhoneNumber is null ? null : "+" + S.PhoneNumber, S.PhoneNetwork, S.Version,
        S.PayoutPendingNgwee, S.PaidOutNgwee, S.LastPayoutFailure, S.SoldOnChainWh, S.EarnedOnChainNgwee,
        S.LastVerification, S.TransferringWh, S.TransferredWh);
}
