using Enerlectra.Abstractions.Deposits;
using Enerlectra.Abstractions.Chain;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Limits;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.WalletConnections;
using Enerlectra.Chain;
using Enerlectra.Exchange.Grains;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Grains.Deposits;

/// <summary>
/// The linked-wallet rail of a deposit: the contract's depositFor moves the payment tokens from the wallet's allowance
/// to the platform's account under the deposit id, which it takes once, so sending again can never collect twice. A
/// definite refusal fails the deposit (nothing was taken); a send whose answer was lost stays awaiting approval and is
/// reconciled by asking the contract whether the deposit id is recorded, and by the transaction's receipt.
/// </summary>
public sealed partial class DepositGrain
{
    /// <summary>The market's clearing channel for money collected from linked wallets (the ledger's "clearing:wallet").</summary>
    public const string WalletChannel = "wallet";

    private string Channel => S.Method == DepositMethod.Wallet ? WalletChannel : MobileNetworkNames.Of(S.Network);

    private async Task<DepositSnapshot> StartWalletAsync(DepositRequest request)
    {
        if (!chain.CanSend)
        {
            throw TradingException.Precondition(
                "Deposits from a linked wallet are not available yet on this server; deposit by mobile money (method \"mobile_money\").", "method");
        }

        if (request.PayerMsisdn.Length > 0)
        {
            throw TradingException.Invalid("phoneNumber", "A deposit from your linked wallet takes no phone number: leave phoneNumber out, or deposit by mobile money.");
        }

        var connection = await GrainFactory.GetGrain<IWalletConnectionGrain>(UserId).GetAsync();
        if (connection.Address is not { } address)
        {
            throw TradingException.Precondition(
                $"Your account has no linked wallet to deposit from. Link one first (POST /api/wallets/{UserId}/connection/challenge, sign the " +
                $"message in your wallet, then POST /api/wallets/{UserId}/connection), or deposit by mobile money.",
                "method");
        }

        // Listed before it is recorded, as mobile money deposits are: nothing on record can be stranded.
        await Entry.Shard.TrackWalletDepositAsync(DepositId, UserId);
        var now = clock.GetUtcNow();
        S.Request = request;
        S.Method = DepositMethod.Wallet;
        S.WalletAddress = address;
        S.Status = DepositStatus.AwaitingApproval;
        S.CreatedAt = S.UpdatedAt = now;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Perhaps saved, perhaps not, and nothing sent: the next activation (or the client's retry) reads what is durable.
            state.State = new DepositState();
            DeactivateOnIdle();
            throw;
        }

        logger.LogInformation("Deposit {DepositId}: {Amount} ngwee from linked wallet {Address} into {UserId}'s balance in market {MarketId}",
            DepositId, request.AmountNgwee, address, UserId, request.MarketId);
        await SubmitWalletAsync();
        if (!IsFinal)
        {
            SchedulePoll(_options.PaymentPollInterval);
        }

        return Snapshot();
    }

    /// <summary>Sends depositFor under the deposit id; the contract takes it once, so this is safe to repeat.</summary>
    private async Task SubmitWalletAsync()
    {
        // An earlier transaction the node no longer knows may still be held elsewhere and mined later: while that is
        // possible, a refusal of this attempt before it is sent says nothing about that one, so it cannot fail the deposit.
        var earlier = S.ChainTransactionHash;

        // Saved before sending: once anything may be on its way, a restart asks the chain rather than sending blind.
        S.Submissions++;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        try
        {
            var receipt = await chain.DepositForAsync(DepositId, S.WalletAddress!, S.Request!.AmountNgwee);
            S.ChainTransactionHash = receipt.TransactionHash;
            WatchCollection((long)receipt.BlockNumber.Value);
            await Entry.MarkOutcomeUnknownAsync(false);
            await CollectedFromWalletAsync();
        }
        catch (ChainRevertedException ex) when (ex.Refusal == ChainRefusal.AlreadyDone)
        {
            // An earlier attempt, whose answer we lost, went through.
            WatchCollection(null);
            await Entry.MarkOutcomeUnknownAsync(false);
            await CollectedFromWalletAsync();
        }
        catch (ChainException ex) when (earlier is not null && ex is ChainUnavailableException or ChainRevertedException { TransactionHash: null })
        {
            logger.LogWarning(ex, "Deposit {DepositId}: sending again was refused or impossible while the earlier {Hash} may still land; will reconcile", DepositId, earlier);
            await Entry.MarkOutcomeUnknownAsync(true);
        }
        catch (ChainRevertedException ex)
        {
            logger.LogWarning(ex, "Deposit {DepositId}: the linked wallet's deposit was refused ({Error})", DepositId, ex.ErrorName);
            await FailAsync(DescribeWalletRefusal(ex.Refusal));
        }
        catch (ChainUnavailableException ex)
        {
            // Nothing left this server: a definite failure, and the user can simply try again.
            logger.LogWarning(ex, "Deposit {DepositId}: the chain could not be reached; nothing was sent", DepositId);
            await FailAsync("Your linked wallet could not be reached right now, so nothing was taken. Please try again in a few minutes.");
        }
        catch (ChainOutcomeUnknownException ex)
        {
            // Sent, not known to have landed: it may still. Never failed on this; reconciled by deposit id and hash.
            S.ChainTransactionHash = ex.TransactionHash;
            S.UpdatedAt = clock.GetUtcNow();
            await state.WriteStateAsync();
            await Entry.MarkOutcomeUnknownAsync(true);
            logger.LogWarning("Deposit {DepositId}: collection {Hash} sent with no definite outcome; will reconcile", DepositId, ex.TransactionHash);
        }
    }

    private async Task ReconcileWalletAsync()
    {
        bool recorded;
        try
        {
            recorded = await chain.IsDepositRecordedAsync(DepositId);
        }
        catch (ChainException ex)
        {
            logger.LogWarning(ex, "Deposit {DepositId}: could not ask the chain about the collection; will try again", DepositId);
            await Entry.MarkOutcomeUnknownAsync(true);
            return;
        }

        if (recorded)
        {
            WatchCollection(null);
            await Entry.MarkOutcomeUnknownAsync(false);
            await CollectedFromWalletAsync();
            return;
        }

        if (S.ChainTransactionHash is { } hash)
        {
            Nethereum.RPC.Eth.DTOs.TransactionReceipt? receipt;
            bool known;
            try
            {
                receipt = await chain.GetReceiptAsync(hash);
                known = receipt is not null || await chain.IsTransactionKnownAsync(hash);
            }
            catch (ChainException ex)
            {
                logger.LogWarning(ex, "Deposit {DepositId}: could not look up transaction {Hash}; will try again", DepositId, hash);
                return;
            }

            if (receipt is not null && receipt.Status?.Value == 0)
            {
                // Mined and refused (the deposit id is not recorded): nothing was taken.
                await Entry.MarkOutcomeUnknownAsync(false);
                await FailAsync("The deposit from your linked wallet was refused, so nothing was taken. Check what your wallet holds and allows Enerlectra to take, and try again.");
                return;
            }

            if (known)
            {
                // Waiting to be mined (or mined after we read the contract): the next round sees it.
                return;
            }
        }

        // Never sent, or the node lost it: send again. The contract takes each deposit id once, so even if the first
        // transaction resurfaces the wallet pays once.
        await SubmitWalletAsync();
    }

    /// <summary>The chain has the collection: saved as crediting first, so the market is asked until it confirms.</summary>
    private async Task CollectedFromWalletAsync()
    {
        S.ProviderTransactionId = S.ChainTransactionHash;
        S.Status = DepositStatus.Crediting;
        S.FailureReason = null;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        await CreditAsync();
    }

    public async Task ChainCollectionReorganisedAsync()
    {
        if (S.Method != DepositMethod.Wallet || S.Status is not (DepositStatus.Crediting or DepositStatus.Completed) || S.CollectionLost)
        {
            // Still open deposits reconcile by deposit id anyway; mobile money and unknown deposits have nothing on-chain.
            return;
        }

        logger.LogWarning("Deposit {DepositId}: a chain reorganisation replaced the block of its collection {Hash}; checking it", DepositId, S.ChainTransactionHash);
        S.CollectionLost = true;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        // On the reconciler's list again, so a restart cannot forget it; the poller does the work meanwhile.
        await Entry.Shard.TrackWalletDepositAsync(DepositId, UserId);
        SchedulePoll(_options.PaymentPollInterval);
    }

    /// <summary>
    /// The credit stands while the money can still be collected: if the chain no longer has the collection (and will
    /// not mine it again), it is sent again under the same deposit id, which the contract takes once, so the wallet
    /// still pays once. Only a definite refusal by the wallet (it no longer holds or allows the amount) takes the
    /// credit back; a paused contract, a missing role or an unreachable node only delay.
    /// </summary>
    private async Task RecollectLostWalletDepositAsync()
    {
        if (S.ReversalDue)
        {
            await ReverseAsync();
            return;
        }

        try
        {
            if (await chain.IsDepositRecordedAsync(DepositId))
            {
                await CollectionFoundAgainAsync("it is on the new chain", null);
                return;
            }

            if (S.ChainTransactionHash is { } hash && await chain.IsTransactionKnownAsync(hash))
            {
                return; // back in the node's pool: wait for it to be mined again
            }

            var receipt = await chain.DepositForAsync(DepositId, S.WalletAddress!, S.Request!.AmountNgwee);
            S.ChainTransactionHash = receipt.TransactionHash;
            S.ProviderTransactionId = receipt.TransactionHash;
            await CollectionFoundAgainAsync($"collected again in {receipt.TransactionHash}", (long)receipt.BlockNumber.Value);
        }
        catch (ChainRevertedException ex) when (ex.Refusal == ChainRefusal.AlreadyDone)
        {
            await CollectionFoundAgainAsync("it is on the new chain", null);
        }
        catch (ChainRevertedException ex) when (ex.Refusal is ChainRefusal.InsufficientBalance or ChainRefusal.InsufficientAllowance)
        {
            logger.LogError(ex, "Deposit {DepositId}: its collection was lost in a chain reorganisation and the wallet refused it again ({Error})", DepositId, ex.ErrorName);
            S.ReversalDue = true;
            S.FailureReason = ex.Refusal == ChainRefusal.InsufficientBalance
                ? "your linked wallet no longer holds the amount."
                : "your linked wallet no longer allows Enerlectra to take the amount.";
            S.UpdatedAt = clock.GetUtcNow();
            await state.WriteStateAsync();
            await ReverseAsync();
        }
        catch (ChainOutcomeUnknownException ex)
        {
            S.ChainTransactionHash = ex.TransactionHash;
            await state.WriteStateAsync();
        }
        catch (ChainException ex)
        {
            // Unreachable, paused, or our role missing: nothing says the wallet refused. The credit stands; try again.
            logger.LogWarning(ex, "Deposit {DepositId}: could not collect the reorganised deposit again yet; will retry", DepositId);
        }
    }

    private async Task CollectionFoundAgainAsync(string how, long? block)
    {
        WatchCollection(block);
        S.CollectionLost = false;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        if (S.Status == DepositStatus.Completed)
        {
            await FinishAsync();
        }

        logger.LogInformation("Deposit {DepositId}: wallet collection restored after the reorganisation ({How})", DepositId, how);
    }

    /// <summary>
    /// The wallet definitely will not pay: the market takes the credit back (its buy orders are cancelled first, and
    /// what was already spent is recorded as owed), once by deposit id.
    /// </summary>
    private async Task ReverseAsync()
    {
        var request = S.Request!;
        var reversal = await GrainFactory.GetGrain<IOrderBookGrain>(request.MarketId)
            .ReverseDepositAsync(UserId, request.AmountNgwee, DepositId.ToString(), Channel);
        var refusal = S.FailureReason ?? "your linked wallet refused it.";
        S.Status = DepositStatus.Reversed;
        S.CollectionLost = false;
        S.ReversalDue = false;
        S.FailureReason = reversal is { OwedNgwee: > 0 }
            ? $"The payment network undid this deposit after it was credited, and it could not be collected again: {refusal} " +
              $"{PaymentLimits.Kwacha(reversal.ReversedNgwee)} was taken back from your balance; {PaymentLimits.Kwacha(reversal.OwedNgwee)} had already " +
              "been spent and is owed, so withdrawals are paused until it is settled. Please contact support."
            : $"The payment network undid this deposit after it was credited, and it could not be collected again: {refusal} " +
              "The amount was taken back from your balance (your open buy orders were cancelled).";
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        await FinishAsync();
        logger.LogError("Deposit {DepositId} of {UserId} reversed: {Reversed} ngwee taken back, {Owed} owed", DepositId, UserId,
            reversal?.ReversedNgwee, reversal?.OwedNgwee);
    }

    private void WatchCollection(long? block) =>
        GrainFactory.GetGrain<IChainListenerGrain>(ChainGrains.SingletonKey).WatchWalletDepositAsync(DepositId, UserId, block).Ignore();

    /// <summary>A contract or token refusal in words the user can act on (no chain vocabulary).</summary>
    private static string DescribeWalletRefusal(ChainRefusal refusal) => refusal switch
    {
        ChainRefusal.InsufficientBalance => "Your linked wallet does not hold enough for this deposit, so nothing was taken.",
        ChainRefusal.InsufficientAllowance =>
            "Your linked wallet does not allow Enerlectra to take this much, so nothing was taken. Allow at least the deposit's amount in your wallet and try again.",
        ChainRefusal.Paused => "Deposits from linked wallets are paused right now, so nothing was taken. Please try again later.",
        _ => "The deposit from your linked wallet was refused, so nothing was taken.",
    };
}
