using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Exchange.Grains;
using Enerlectra.Grains.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Grains.Wallets;

/// <summary>
/// What a wallet hands to the markets' trading accounts: metered energy the user moves there to sell on the book, and
/// money it collected for the user (verification amounts). Both go in two phases: the wallet records the change
/// durably (energy set aside, money owed), the market credits it once by its reference, and the wallet then
/// completes it. A crash in between leaves the record, which this grain finishes on its next activation, on a retry
/// of the same call, or on its own timer; the market's idempotency by reference makes finishing twice harmless.
/// </summary>
public sealed partial class WalletGrain
{
    /// <summary>
    /// Completed transfers kept (with their terms) for retries with the same idempotency key; pending ones are always
    /// kept. Retries come within minutes; an older key is still recognised, by its operation id, and refused.
    /// </summary>
    private const int RecentTransfersKept = 100;

    /// <summary>The clearing channel of money the wallet held itself before balances moved to the markets.</summary>
    private const string LegacyBalanceChannel = "wallet-balance";

    private BackoffPoller? _marketPoller;

    public async Task<EnergyTransferSnapshot> TransferToMarketAsync(Guid transferId, string marketId, long energyWh, string idempotencyKey)
    {
        if (S.Transfers.TryGetValue(transferId, out var existing))
        {
            if (existing.MarketId != marketId || existing.EnergyWh != energyWh)
            {
                throw TradingException.Conflict("This idempotency key was already used for a different transfer.", "idempotencyKey");
            }

            if (existing.Status == EnergyTransferStatus.Pending)
            {
                await FlushMarketAsync();
            }

            return S.Transfers[transferId];
        }

        var operationId = TransferOperation(transferId);
        if (S.Applied.Contains(operationId))
        {
            // Done so long ago that its terms are no longer kept: it cannot be compared, so it is never repeated.
            throw TradingException.Conflict(
                "This idempotency key was used for a transfer too long ago to be compared; use a new idempotencyKey.", "idempotencyKey");
        }

        if (energyWh <= 0)
        {
            throw TradingException.Invalid("energyWh", "energyWh must be greater than zero.");
        }

        _markets.RequireConfigured(marketId);
        if (S.AvailableWh < energyWh)
        {
            throw TradingException.Precondition(
                $"Not enough energy to transfer: {S.AvailableWh} Wh available, {energyWh} Wh requested.", "energyWh");
        }

        var now = clock.GetUtcNow();
        var transfer = new EnergyTransferSnapshot(transferId, UserId, marketId, energyWh, EnergyTransferStatus.Pending, idempotencyKey, now, now);
        S.Applied.Add(operationId, _options.AppliedOperationsWindow);
        S.AvailableWh -= energyWh;
        S.TransferringWh = checked(S.TransferringWh + energyWh);
        S.Transfers[transferId] = transfer;
        TrimTransfers();
        await SaveAsync();
        logger.LogInformation("Transferring {EnergyWh} Wh of {UserId} into market {MarketId}: {TransferId}", energyWh, UserId, marketId, transferId);

        // The energy is set aside durably; if the market cannot take it now, the transfer stays pending and is finished later.
        await FlushMarketAsync();
        return S.Transfers[transferId];
    }

    /// <summary>
    /// Records a collected verification amount as owed to the default market (the caller saves it, in the same write
    /// as the change that made it due, then calls <see cref="RequireDepositedAsync"/>).
    /// </summary>
    private void OweVerificationDeposit(Guid verificationId, long ngwee, string channel)
    {
        if (ngwee > 0)
        {
            S.PendingDeposits.Add(new MarketDeposit(Ids.DefaultMarket, VerificationReference(verificationId), ngwee, channel));
            Remember(WalletHistoryKind.PhoneVerified, 0, ngwee, verificationId.ToString(), channel);
        }
    }

    /// <summary>Deposits what is owed; throws (so the caller tries again) while <paramref name="reference"/> is still owed.</summary>
    private async Task RequireDepositedAsync(string reference)
    {
        await FlushMarketAsync();
        if (S.PendingDeposits.Any(d => d.Reference == reference))
        {
            throw new InvalidOperationException($"The deposit {reference} of {UserId} could not be made in its market yet; it will be retried.");
        }
    }

    /// <summary>
    /// Balances the wallet held itself (before they moved to the markets) go to the default market, once: owed in one
    /// write that also zeroes the old balance, then deposited under a reference of their own.
    /// </summary>
    private async Task MoveLegacyBalanceAsync()
    {
        if (S.LegacyBalanceNgwee <= 0)
        {
            return;
        }

        S.PendingDeposits.Add(new MarketDeposit(Ids.DefaultMarket, $"wallet-balance:{UserId}", S.LegacyBalanceNgwee, LegacyBalanceChannel));
        logger.LogInformation("Moving the wallet balance of {Amount} ngwee of {UserId} into market {MarketId}", S.LegacyBalanceNgwee, UserId, Ids.DefaultMarket);
        S.LegacyBalanceNgwee = 0;
        await SaveAsync();
    }

    /// <summary>
    /// Hands every pending transfer and owed deposit to its market and completes those the market confirmed; what a
    /// market could not take now is retried on a timer (and on the next activation, or the same call again).
    /// </summary>
    private async Task FlushMarketAsync()
    {
        bool done;
        try
        {
            done = await TryFlushMarketAsync();
        }
        catch (Exception ex)
        {
            // The wallet's own write failed (it rolled back to what is saved): what is still owed is tried again.
            logger.LogWarning(ex, "Wallet {UserId}: could not record a market's confirmation; will retry", UserId);
            done = false;
        }

        if (!done && _marketPoller is null)
        {
            var poller = new BackoffPoller(this, async () =>
                {
                    var finished = await TryFlushMarketAsync();
                    if (finished)
                    {
                        _marketPoller = null;
                    }

                    return finished;
                },
                _options.PaymentPollInterval, _options.MaxPaymentPollInterval,
                ex => logger.LogWarning(ex, "Wallet {UserId}: finishing transfers and deposits into markets failed; will try again", UserId));
            _marketPoller = poller;
            poller.Start(_options.PaymentPollInterval);
        }
    }

    /// <summary>
    /// One pass over what the markets still have to confirm (each is idempotent there by its reference); true when
    /// nothing is left. Nothing is ever given back on a failure, since a market that did not answer may still have it.
    /// </summary>
    private async Task<bool> TryFlushMarketAsync()
    {
        var done = true;
        foreach (var deposit in S.PendingDeposits.ToList())
        {
            try
            {
                await Book(deposit.MarketId).DepositAsync(UserId, deposit.Ngwee, deposit.Reference, deposit.Channel);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Depositing {Reference} ({Amount} ngwee) of {UserId} into market {MarketId} failed; will retry", deposit.Reference, deposit.Ngwee, UserId, deposit.MarketId);
                done = false;
                continue;
            }

            S.PendingDeposits.Remove(deposit);
            await SaveAsync();
            logger.LogInformation("Deposited {Reference} ({Amount} ngwee) of {UserId} into market {MarketId}", deposit.Reference, deposit.Ngwee, UserId, deposit.MarketId);
        }

        foreach (var transfer in S.Transfers.Values.Where(t => t.Status == EnergyTransferStatus.Pending).OrderBy(t => t.CreatedAt).ToList())
        {
            try
            {
                await Book(transfer.MarketId).CreditEnergyAsync(UserId, transfer.EnergyWh, transfer.TransferId.ToString());
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Transfer {TransferId} of {UserId} into market {MarketId} is not confirmed yet; will retry", transfer.TransferId, UserId, transfer.MarketId);
                done = false;
                continue;
            }

            S.TransferringWh -= transfer.EnergyWh;
            S.TransferredWh = checked(S.TransferredWh + transfer.EnergyWh);
            S.Transfers[transfer.TransferId] = transfer with { Status = EnergyTransferStatus.Completed, UpdatedAt = clock.GetUtcNow() };
            await SaveAsync();
            logger.LogInformation("Transfer {TransferId} of {UserId}: {EnergyWh} Wh credited in market {MarketId}", transfer.TransferId, UserId, transfer.EnergyWh, transfer.MarketId);
        }

        return done;
    }

    private bool HasPendingMarketWork => S.PendingDeposits.Count > 0 || S.TransferringWh > 0;

    private void TrimTransfers()
    {
        var excess = S.Transfers.Count - RecentTransfersKept;
        if (excess <= 0)
        {
            return;
        }

        // The oldest completed ones go; their operation ids stay in Applied a while longer (see TransferToMarketAsync).
        foreach (var old in S.Transfers.Values.Where(t => t.Status == EnergyTransferStatus.Completed).OrderBy(t => t.CreatedAt).Take(excess).ToList())
        {
            S.Transfers.Remove(old.TransferId);
        }
    }

    private IOrderBookGrain Book(string marketId) => GrainFactory.GetGrain<IOrderBookGrain>(marketId);

    private static string TransferOperation(Guid transferId) => $"transfer:{transferId:N}";

    /// <summary>The market reference of a verification's deposit: the verification id (also its provider reference).</summary>
    private static string VerificationReference(Guid verificationId) => verificationId.ToString();
}
