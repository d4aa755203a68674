using Enerlectra.Abstractions.Chain;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Pricing;
using Enerlectra.Abstractions.WalletConnections;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Chain;
using Enerlectra.Grains.Chain;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Grains.Payments;

/// <summary>
/// The wallet side of a trade: choosing between a wallet and mobile money, paying on-chain under the trade id (so
/// a repeat can never pay twice), reconciling a payment whose outcome is unknown, falling back to mobile money only
/// after a definite failure, and recording (or, after a reorganisation, revoking) trades made directly on-chain.
/// </summary>
public sealed partial class PaymentGrain
{
    public async Task<TradeSnapshot> ImportChainTradeAsync(ChainTradeImport trade)
    {
        if (S.Request is not null)
        {
            return Snapshot();
        }

        var reservation = await GrainFactory.GetGrain<IOfferGrain>(trade.OfferId).ApplyChainTradeAsync(TradeId, trade.BuyerId, trade.EnergyWh);
        var now = clock.GetUtcNow();
        S.Request = new TradeRequest(trade.OfferId, trade.BuyerId, trade.EnergyWh, "", default, PaymentMethod.Blockchain, null);
        S.Reservation = reservation;
        // The chain's own arithmetic is what was paid; it matches TradePricing unless the contract's fee differs.
        S.Price = new TradePrice(trade.AmountNgwee, trade.FeeNgwee, trade.AmountNgwee - trade.FeeNgwee);
        S.Method = PaymentMethod.Blockchain;
        S.PaymentState = PaymentState.Successful;
        S.Status = TradeStatus.Settling;
        S.BuyerAddress = trade.BuyerAddress;
        S.ChainTransactionHash = trade.TransactionHash;
        S.ChainNative = true;
        S.Imported = true;
        S.CreatedAt = S.UpdatedAt = now;
        await state.WriteStateAsync();
        await SettleAsync();
        return Snapshot();
    }

    public async Task RevokeChainTradeAsync()
    {
        if (!S.Imported || S.Status == TradeStatus.Failed)
        {
            return;
        }

        var reservation = S.Reservation!;
        var price = S.Price!;
        var operation = $"trade-revoke:{TradeId:N}";
        await GrainFactory.GetGrain<IOfferGrain>(reservation.OfferId).RevokeChainTradeAsync(TradeId);
        await GrainFactory.GetGrain<IWalletGrain>(reservation.SellerId).ReverseChainSaleAsync(operation, reservation.EnergyWh, price.SellerNetNgwee);
        await GrainFactory.GetGrain<IWalletGrain>(reservation.BuyerId).ReverseChainPurchaseAsync(operation, reservation.EnergyWh, price.AmountNgwee);
        await GrainFactory.GetGrain<IPlatformAccountGrain>(reservation.MarketId).ReverseFeeAsync(operation, price.FeeNgwee);
        S.Status = TradeStatus.Failed;
        S.PaymentState = PaymentState.Failed;
        S.FailureReason = "This trade was undone: the payment network reorganised and no longer contains it.";
        S.UpdatedAt = clock.GetUtcNow();
        await PublishAsync();
        await state.WriteStateAsync();
        logger.LogWarning("Trade {TradeId} (recorded from the chain) revoked by a chain reorganisation", TradeId);
    }

    /// <summary>
    /// Hybrid picks a wallet payment when the buyer linked a wallet and it can pay (the offer is on-chain, the wallet
    /// holds and allows enough); otherwise mobile money, from the buyer's verified phone. An explicit method is
    /// honoured or refused with the reason.
    /// </summary>
    private async Task<MethodChoice> ChooseMethodAsync(TradeRequest request, OfferSnapshot offer, long amountNgwee)
    {
        if (request.Method == PaymentMethod.MobileMoney)
        {
            if (offer.ChainNative)
            {
                throw TradingException.Precondition("This offer can only be paid from a connected wallet.", "paymentMethod");
            }

            return new MethodChoice(PaymentMethod.MobileMoney, null, await RequirePayerAsync(request));
        }

        var (address, reason) = await ChainPaymentPossibleAsync(request, offer, amountNgwee);
        if (address is not null)
        {
            // The explicit wallet route never falls back, so it needs no phone; a hybrid trade's phone is its fallback,
            // and a number given for that must be the verified one all the same.
            return new MethodChoice(PaymentMethod.Blockchain, address, request.Method == PaymentMethod.Hybrid ? await PayerForAsync(request) : null);
        }

        if (request.Method == PaymentMethod.Blockchain || offer.ChainNative)
        {
            throw TradingException.Precondition(
                offer.ChainNative ? $"This offer can only be paid from a connected wallet, and {reason}" : $"Paying from your wallet is not possible: {reason}",
                "paymentMethod");
        }

        return new MethodChoice(PaymentMethod.MobileMoney, null, await RequirePayerAsync(request));
    }

    private async Task<(string? Address, string Reason)> ChainPaymentPossibleAsync(TradeRequest request, OfferSnapshot offer, long amountNgwee)
    {
        if (!chain.CanSend)
        {
            return (null, "wallet payments are not available on this server.");
        }

        var connection = await GrainFactory.GetGrain<IWalletConnectionGrain>(request.BuyerId).GetAsync();
        if (connection.Address is not { } address)
        {
            return (null, "no wallet is connected to your account.");
        }

        if (offer.ChainOfferId is null)
        {
            return (null, "this offer cannot be paid from a wallet yet; try again in a minute.");
        }

        try
        {
            var funds = await chain.GetBuyerFundsAsync(address);
            return funds.Covers(amountNgwee)
                ? (address, "")
                : (null, funds.BalanceNgwee < amountNgwee
                    ? $"your wallet holds {funds.BalanceNgwee} ngwee and this costs {amountNgwee} ngwee."
                    : $"your wallet allows Enerlectra to spend {funds.AllowanceNgwee} ngwee and this costs {amountNgwee} ngwee.");
        }
        catch (ChainException ex)
        {
            logger.LogWarning(ex, "Trade {TradeId}: could not check the buyer's wallet; paying by mobile money", TradeId);
            return (null, "your wallet cannot be reached right now.");
        }
    }

    /// <summary>Pays from the buyer's wallet. The trade id goes on-chain with it, so sending again can never pay twice.</summary>
    private async Task SubmitChainAsync()
    {
        var reservation = S.Reservation!;
        S.Submissions++;
        try
        {
            var receipt = await chain.ExecuteTradeForAsync(TradeId, MirroredOfferId, S.ChainOfferId!.Value, S.BuyerAddress!, reservation.EnergyWh);
            S.ChainTransactionHash = receipt.TransactionHash;
            await ChainPaidAsync((long)receipt.BlockNumber.Value);
        }
        catch (ChainRevertedException ex) when (ex.Refusal == ChainRefusal.MirrorLost)
        {
            // Nothing was sent. The offer is put back on the chain for later buyers; this one pays by mobile money.
            await TryAsync(() => GrainFactory.GetGrain<IOfferGrain>(reservation.OfferId).MirrorLostAsync(S.ChainOfferId!.Value), "report the offer's lost mirror");
            await FallBackOrFailAsync(DescribeChainRefusal(ex), ex);
        }
        catch (ChainRevertedException ex) when (ex.Refusal == ChainRefusal.AlreadyDone)
        {
            // An earlier attempt (whose answer we lost) went through.
            await ChainPaidAsync();
        }
        catch (ChainRevertedException ex)
        {
            await FallBackOrFailAsync(DescribeChainRefusal(ex), ex);
        }
        catch (ChainUnavailableException ex)
        {
            await FallBackOrFailAsync("your wallet's payment network could not be reached.", ex);
        }
        catch (ChainOutcomeUnknownException ex)
        {
            // Sent, but not known to have landed: it may still. Never fall back on this; reconcile by trade id and hash.
            S.ChainTransactionHash = ex.TransactionHash;
            S.PaymentState = PaymentState.AwaitingApproval;
            S.UpdatedAt = clock.GetUtcNow();
            await state.WriteStateAsync();
            await Entry.MarkOutcomeUnknownAsync(true);
            logger.LogWarning("Trade {TradeId}: wallet payment {Hash} sent with no definite outcome; will reconcile", TradeId, ex.TransactionHash);
        }
    }

    private async Task ReconcileChainAsync()
    {
        bool recorded;
        try
        {
            recorded = await chain.IsTradeRecordedAsync(TradeId);
        }
        catch (ChainException ex)
        {
            logger.LogWarning(ex, "Trade {TradeId}: could not ask the chain about the wallet payment; will try again", TradeId);
            await Entry.MarkOutcomeUnknownAsync(true);
            return;
        }

        if (recorded)
        {
            await Entry.MarkOutcomeUnknownAsync(false);
            await ChainPaidAsync();
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
                logger.LogWarning(ex, "Trade {TradeId}: could not look up transaction {Hash}; will try again", TradeId, hash);
                return;
            }

            if (receipt is not null && receipt.Status?.Value == 0)
            {
                await Entry.MarkOutcomeUnknownAsync(false);
                await FallBackOrFailAsync("the payment from your wallet was refused.", null);
                return;
            }

            if (known)
            {
                // Still waiting to be mined (or mined but not yet recorded as we read it): wait.
                return;
            }
        }

        // Never sent, or the node lost it: send again. The contract takes each trade id once, so this is safe
        // even if the first transaction resurfaces.
        await SubmitChainAsync();
    }

    /// <summary>The server offer whose mirror the payment goes to; null for an offer made directly on the chain.</summary>
    private Guid? MirroredOfferId => S.ChainNative ? null : S.Reservation!.OfferId;

    /// <param name="block">The block the payment was mined in, when known (else the chain's head will do).</param>
    private async Task ChainPaidAsync(long? block = null)
    {
        S.PaymentState = PaymentState.Successful;
        S.Status = TradeStatus.Settling;
        await SettleAsync();
        WatchPayment(block);
    }

    /// <summary>
    /// Settled on the strength of a receipt a few blocks deep. If a reorganisation replaces that block before the
    /// listener has read it, the listener never sees the payment to undo it; so it is told to expect it there, and
    /// when it has read past that block without finding it, it sends the trade back to collect its payment again.
    /// One-way: the listener calls trades itself, and waiting on it here could deadlock.
    /// </summary>
    private void WatchPayment(long? block) =>
        GrainFactory.GetGrain<IChainListenerGrain>(ChainGrains.SingletonKey).WatchWalletPaymentAsync(TradeId, block).Ignore();

    /// <summary>
    /// A definite on-chain failure (refused, or the network unreachable before anything was sent): nothing was paid,
    /// so a hybrid trade may pay by mobile money instead, under the same trade id, so there is still one payment.
    /// </summary>
    private async Task FallBackOrFailAsync(string reason, Exception? cause)
    {
        var request = S.Request!;
        logger.LogWarning(cause, "Trade {TradeId}: wallet payment definitely failed: {Reason}", TradeId, reason);
        S.ChainFailure = reason;
        if (request.Method != PaymentMethod.Hybrid || S.ChainNative)
        {
            await FailAsync($"Paying from your wallet did not go through: {reason}");
            return;
        }

        // Mobile money takes over only from the buyer's verified phone as it is now (never a number from the request).
        var payer = await VerifiedPhoneAsync(request.BuyerId);
        if (payer is null || !rails.Supports(payer.Network))
        {
            await FailAsync($"Paying from your wallet did not go through ({reason}), and mobile money cannot take over: " + (payer is null
                ? "your wallet has no verified phone (link your number and approve its verification prompt to allow it)."
                : $"payments from {MobileMoneyRails.Name(payer.Network)} numbers are not available yet."));
            return;
        }

        try
        {
            await HoldSpendingAsync(request, payer, S.Price!);
        }
        catch (TradingException ex)
        {
            await FailAsync($"Paying from your wallet did not go through ({reason}), and mobile money cannot take over: {ex.Message}");
            return;
        }

        S.Method = PaymentMethod.MobileMoney;
        S.PaymentState = PaymentState.Submitting;
        S.PayerMsisdn = payer.Msisdn;
        S.PayerNetwork = payer.Network;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        // Listed again as a mobile money payment, so operators see it under its provider.
        _tracked = false;
        await EnsureTrackedAsync();
        await SubmitAsync(rails.For(payer.Network));
    }

    private static string DescribeChainRefusal(ChainRevertedException ex) => ex.Refusal switch
    {
        ChainRefusal.InsufficientBalance => "your wallet does not hold enough to pay.",
        ChainRefusal.InsufficientAllowance => "your wallet does not allow Enerlectra to spend enough.",
        ChainRefusal.OfferChanged => "the offer changed before the payment went through.",
        ChainRefusal.Paused => "wallet payments are paused.",
        ChainRefusal.MirrorLost => "the offer is being put back on the payment network after a network reorganisation.",
        _ => $"the payment was refused ({ex.ErrorName}).",
    };

    /// <summary>How the trade pays: the wallet address for a wallet payment; the phone for mobile money (or a hybrid's fallback).</summary>
    private sealed record MethodChoice(PaymentMethod Method, string? BuyerAddress, Payer? Payer);

    public async Task ChainPaymentReorganisedAsync()
    {
        if (S.Method != PaymentMethod.Blockchain || S.Imported || S.Status != TradeStatus.Completed || S.ChainPaymentLost)
        {
            // Still open trades reconcile by trade id anyway; imported ones are revoked by the listener instead.
            return;
        }

        logger.LogWarning("Trade {TradeId}: a chain reorganisation replaced the block of its wallet payment {Hash}; checking it", TradeId, S.ChainTransactionHash);
        S.ChainPaymentLost = true;
        S.PaymentState = PaymentState.Submitting;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        // On the reconciler's list again, so a restart cannot forget it; the poller does the work meanwhile.
        _tracked = false;
        await EnsureTrackedAsync();
        SchedulePoll(_options.PaymentPollInterval);
    }

    /// <summary>
    /// The energy was delivered, so the payment is owed: if the chain no longer has it (and will not re-mine it), it
    /// is sent again under the same trade id, which the contract accepts once, so the buyer still pays exactly once.
    /// </summary>
    private async Task RecollectLostChainPaymentAsync()
    {
        try
        {
            if (await chain.IsTradeRecordedAsync(TradeId))
            {
                await PaymentFoundAgainAsync("it is on the new chain");
                return;
            }

            if (S.ChainTransactionHash is { } hash && await chain.IsTransactionKnownAsync(hash))
            {
                return; // back in the node's pool: wait for it to be mined again
            }

            if (!S.ChainNative)
            {
                // The reorganisation may have taken the offer's mirror too: then it is mirrored again (under a new
                // number) before the payment can be; the poller comes back meanwhile.
                var offer = GrainFactory.GetGrain<IOfferGrain>(S.Reservation!.OfferId);
                if ((await offer.GetAsync()).ChainOfferId is not { } current)
                {
                    return;
                }

                if (!await chain.IsMirrorLiveAsync(S.Reservation.OfferId, current))
                {
                    await offer.MirrorLostAsync(current);
                    return;
                }

                S.ChainOfferId = current;
            }

            // A mirror may have been closed since the payment first landed (the close waits only for payments in
            // progress): then the contract collects it without the offer, from the energy the close returned.
            var receipt = S.ChainNative
                ? await chain.ExecuteTradeForAsync(TradeId, null, S.ChainOfferId!.Value, S.BuyerAddress!, S.Reservation!.EnergyWh)
                : await chain.CollectTradeAgainAsync(TradeId, S.Reservation!.OfferId, S.ChainOfferId!.Value, S.BuyerAddress!, S.Reservation.EnergyWh);
            S.ChainTransactionHash = receipt.TransactionHash;
            await PaymentFoundAgainAsync($"collected again in {receipt.TransactionHash}");
            WatchPayment((long)receipt.BlockNumber.Value);
        }
        catch (ChainRevertedException ex) when (ex.Refusal == ChainRefusal.AlreadyDone)
        {
            await PaymentFoundAgainAsync("it is on the new chain");
        }
        catch (ChainRevertedException ex)
        {
            // Definitely not collectable (say, the allowance is gone): the energy was delivered, so an operator has
            // to settle it with the buyer. Said on the trade and in the log; the trade stays completed.
            S.ChainPaymentLost = false;
            S.PaymentState = PaymentState.Failed;
            S.FailureReason = $"The wallet payment was undone by the payment network and could not be collected again: {DescribeChainRefusal(ex)}";
            S.UpdatedAt = clock.GetUtcNow();
            await state.WriteStateAsync();
            await FinishAsync();
            logger.LogError(ex, "Trade {TradeId}: its wallet payment was lost in a chain reorganisation and could not be collected again", TradeId);
        }
        catch (ChainOutcomeUnknownException ex)
        {
            S.ChainTransactionHash = ex.TransactionHash;
            await state.WriteStateAsync();
        }
    }

    private async Task PaymentFoundAgainAsync(string how)
    {
        S.ChainPaymentLost = false;
        S.PaymentState = PaymentState.Successful;
        S.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        await FinishAsync();
        logger.LogInformation("Trade {TradeId}: wallet payment restored after the reorganisation ({How})", TradeId, how);
    }
}
