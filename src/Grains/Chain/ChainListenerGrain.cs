using Enerlectra.Abstractions.Chain;
using Enerlectra.Abstractions.Deposits;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Chain;
using Enerlectra.Chain.Listening;
using Enerlectra.Grains.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Grains.Chain;

/// <summary>
/// Follows the EnergyTrading contract a confirmation depth behind the head and records what happened there without
/// this server: offers created and trades made directly on-chain. Ids of what it records are derived from the chain
/// position (transaction, log, block hash), so re-reading a block after a crash records nothing twice, and a block a
/// reorganisation replaced is undone from the journal before the new branch is read. The checkpoint (block number
/// and hash) is saved after each step's records, so a restart resumes where it stopped.
/// </summary>
public sealed class ChainListenerGrain(
    [PersistentState("chainListener", StorageNames.Trading)] IPersistentState<ChainListenerState> state,
    ChainOptions options,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<ChainListenerGrain> logger) : Grain, IChainListenerGrain, IRemindable
{
    private const string KeepAliveReminder = "chain-listener";
    private const int RecentWindow = 64;
    private const int MaxStepsPerSync = 50;

    private ChainLogFollower? _follower;
    private IGrainTimer? _timer;

    private ChainListenerState S => state.State;

    private bool Enabled => options.IsConfigured;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Enabled)
        {
            StartTimer();
        }

        return Task.CompletedTask;
    }

    public async Task EnsureRunningAsync()
    {
        if (!Enabled)
        {
            return;
        }

        StartTimer();
        if (!S.Started)
        {
            S.Started = true;
            await state.SaveOrRollbackAsync();
            await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
    }

    public async Task<ChainListenerStatus> SyncAsync()
    {
        if (!Enabled)
        {
            return ChainListenerStatus.Disabled;
        }

        await EnsureRunningAsync();
        await CatchUpAsync();
        return Status();
    }

    public Task<ChainListenerStatus> GetStatusAsync() => Task.FromResult(Enabled ? Status() : ChainListenerStatus.Disabled);

    public Task ReceiveReminder(string reminderName, TickStatus status) => EnsureRunningAsync();

    public async Task WatchWalletPaymentAsync(Guid tradeId, long? block)
    {
        if (!Enabled || S.Journal.Any(j => j.Kind == ListenerJournalKind.ServerTrade && j.Id == tradeId))
        {
            return; // Already read where it is, and journaled: a reorganisation of its block is undone from there.
        }

        S.WatchedPayments[tradeId] = block ?? Math.Max(S.HeadBlock, S.BlockNumber);
        await state.SaveOrRollbackAsync();
        await CheckWatchedAsync();
    }

    public async Task WatchMirroredTradeAsync(Guid tradeId, long block)
    {
        if (!Enabled || S.Journal.Any(j => j.Kind == ListenerJournalKind.MirroredTrade && j.Id == tradeId))
        {
            return;
        }

        S.WatchedRecords[tradeId] = block;
        await state.SaveOrRollbackAsync();
        await CheckWatchedAsync();
    }

    public async Task WatchWalletDepositAsync(Guid depositId, string userId, long? block)
    {
        if (!Enabled || S.Journal.Any(j => j.Kind == ListenerJournalKind.ServerDeposit && j.Id == depositId))
        {
            return;
        }

        S.WatchedDeposits[depositId] = new WatchedDeposit(userId, block ?? Math.Max(S.HeadBlock, S.BlockNumber));
        await state.SaveOrRollbackAsync();
        await CheckWatchedAsync();
    }

    /// <summary>
    /// Watched payments and records whose block has been read without them were reorganised away: a trade collects its
    /// payment again (it checks the chain first), a record is queued again (it is checked by reference first).
    /// </summary>
    private async Task CheckWatchedAsync()
    {
        var payments = S.WatchedPayments.Where(w => w.Value <= S.BlockNumber).Select(w => w.Key).ToList();
        var records = S.WatchedRecords.Where(w => w.Value <= S.BlockNumber).Select(w => w.Key).ToList();
        var deposits = S.WatchedDeposits.Where(w => w.Value.Block <= S.BlockNumber).ToList();
        if (payments.Count == 0 && records.Count == 0 && deposits.Count == 0)
        {
            return;
        }

        foreach (var tradeId in payments)
        {
            logger.LogWarning("Chain listener: wallet payment of trade {TradeId} is not in the block its receipt named; the trade checks and collects again", tradeId);
            await TryAsync(() => GrainFactory.GetGrain<IPaymentGrain>(tradeId).ChainPaymentReorganisedAsync(), $"send trade {tradeId} to collect again");
            S.WatchedPayments.Remove(tradeId);
        }

        foreach (var tradeId in records)
        {
            logger.LogWarning("Chain listener: the record of mobile money trade {TradeId} is not in the block its receipt named; recording it again", tradeId);
            await TryAsync(() => Mirror.EnqueueTradeAsync(tradeId), $"queue the record of trade {tradeId} again");
            S.WatchedRecords.Remove(tradeId);
        }

        foreach (var (depositId, watched) in deposits)
        {
            logger.LogWarning("Chain listener: the collection of deposit {DepositId} is not in the block its receipt named; the deposit checks and collects again", depositId);
            await TryAsync(() => Deposit(depositId, watched.UserId).ChainCollectionReorganisedAsync(), $"send deposit {depositId} to collect again");
            S.WatchedDeposits.Remove(depositId);
        }

        await state.SaveOrRollbackAsync();
    }

    private IChainMirrorGrain Mirror => GrainFactory.GetGrain<IChainMirrorGrain>(ChainGrains.SingletonKey);

    private IDepositGrain Deposit(Guid depositId, string userId) => GrainFactory.GetGrain<IDepositGrain>(depositId, userId, null);

    private void StartTimer()
    {
        var interval = options.Settings.ListenerPollInterval;
        _timer ??= this.RegisterGrainTimer(_ => CatchUpAsync(), new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
    }

    private ChainLogFollower Follower => _follower ??= new ChainLogFollower(
        services.GetRequiredService<ChainClient>(), options.EnergyTradingAddress!, Math.Max(1, options.Settings.ListenerConfirmations),
        options.Settings.MaxBlocksPerQuery, RecentWindow, logger);

    private async Task CatchUpAsync()
    {
        try
        {
            for (var step = 0; step < MaxStepsPerSync; step++)
            {
                var next = await Follower.NextAsync(Checkpoint(), CancellationToken.None);
                S.HeadBlock = next switch { Advanced a => a.Head, Reorganised r => r.Head, UpToDate u => u.Head, _ => S.HeadBlock };
                switch (next)
                {
                    case Advanced advanced:
                        foreach (var transaction in advanced.Transactions)
                        {
                            await ApplyAsync(transaction);
                        }

                        Store(advanced.Checkpoint);
                        await state.SaveOrRollbackAsync();
                        await CheckWatchedAsync();
                        continue;
                    case Reorganised reorganised:
                        await UndoAfterAsync(reorganised.RewoundTo.BlockNumber);
                        Store(reorganised.RewoundTo);
                        S.Reorganisations++;
                        await state.SaveOrRollbackAsync();
                        logger.LogWarning("Chain listener: the chain reorganised; rewound to block {Block}", reorganised.RewoundTo.BlockNumber);
                        continue;
                }

                break;
            }

            S.LastSyncAt = clock.GetUtcNow();
            S.LastError = null;
        }
        catch (Exception ex)
        {
            // Anything recorded so far is idempotent; the next tick starts again from the saved checkpoint.
            S.LastError = ex.Message;
            logger.LogWarning(ex, "Chain listener: catching up failed at block {Block}; will retry", S.BlockNumber);
        }
    }

    private async Task ApplyAsync(ChainTransaction transaction)
    {
        var events = transaction.Events;
        if (events.Any(e => e is ServerTradeExecuted or OfferMirrored or MobileMoneyPaymentReceived or DepositCollected))
        {
            // This server's own transaction: its effects are already in the grains. A trade paid from a wallet may
            // be waiting on exactly this confirmation, so nudge it.
            foreach (var record in events.OfType<MobileMoneyPaymentReceived>())
            {
                if (Guid.TryParseExact(record.Reference, "N", out var tradeId))
                {
                    S.WatchedRecords.Remove(tradeId);
                    Journal(transaction.BlockNumber, ListenerJournalKind.MirroredTrade, tradeId, record.OfferId);
                }
            }

            foreach (var trade in events.OfType<ServerTradeExecuted>())
            {
                S.WatchedPayments.Remove(trade.TradeId);
                Journal(transaction.BlockNumber, ListenerJournalKind.ServerTrade, trade.TradeId, trade.OfferId);
                await TryAsync(() => GrainFactory.GetGrain<IPaymentGrain>(trade.TradeId).ReconcileAsync(), $"nudge trade {trade.TradeId}");
            }

            // A deposit from a linked wallet: the deposit grain credits it (once, by deposit id) from its own receipt or
            // reconciliation, never from here, so this only wakes up one that may be waiting on exactly this block.
            // Journaled with its user, so a reorganisation of this block sends the deposit to collect again.
            foreach (var deposit in events.OfType<DepositCollected>())
            {
                var userId = S.WatchedDeposits.Remove(deposit.DepositId, out var watched) ? watched.UserId : await UserOfAsync(deposit.Account);
                Journal(transaction.BlockNumber, ListenerJournalKind.ServerDeposit, deposit.DepositId, 0, userId);
                await TryAsync(() => Deposit(deposit.DepositId, userId).ReconcileAsync(), $"nudge deposit {deposit.DepositId}");
            }

            return;
        }

        foreach (var e in events)
        {
            switch (e)
            {
                case OfferCreated created:
                    await ImportOfferAsync(transaction, created);
                    break;
                case TradeExecuted { PaidOnChain: true } trade:
                    await ImportTradeAsync(transaction, trade);
                    break;
                case OfferCancelled cancelled when S.ChainOffers.TryGetValue(cancelled.OfferId, out var offerId):
                    await GrainFactory.GetGrain<IOfferGrain>(offerId).CloseFromChainAsync();
                    Journal(transaction.BlockNumber, ListenerJournalKind.OfferCancelled, offerId, cancelled.OfferId);
                    break;
            }
        }
    }

    private async Task ImportOfferAsync(ChainTransaction transaction, OfferCreated created)
    {
        var offerId = DeterministicGuid.Create("chain-offer", Scope, $"{created.OfferId}:{transaction.BlockHash}");
        var sellerId = await UserOfAsync(created.Seller);
        var command = new ChainOfferCommand(
            created.OfferId, sellerId, created.Seller, created.EnergyWh, created.PricePerKwh,
            DateTimeOffset.FromUnixTimeSeconds(created.ExpiresAt), options.Settings.MarketId, transaction.TransactionHash);
        await GrainFactory.GetGrain<IOfferGrain>(offerId).CreateFromChainAsync(command);
        S.ChainOffers[created.OfferId] = offerId;
        if (Journal(transaction.BlockNumber, ListenerJournalKind.OfferImported, offerId, created.OfferId))
        {
            S.OffersImported++;
        }
    }

    private async Task ImportTradeAsync(ChainTransaction transaction, TradeExecuted trade)
    {
        if (!S.ChainOffers.TryGetValue(trade.OfferId, out var offerId))
        {
            logger.LogWarning("Chain listener: trade in {Tx} is on chain offer {OfferId}, which this server never recorded; skipped", transaction.TransactionHash, trade.OfferId);
            return;
        }

        var tradeId = DeterministicGuid.Create("chain-trade", Scope, $"{transaction.TransactionHash}:{trade.IndexInTransaction}:{transaction.BlockHash}");
        var buyerId = await UserOfAsync(trade.Buyer);
        await GrainFactory.GetGrain<IPaymentGrain>(tradeId).ImportChainTradeAsync(new ChainTradeImport(
            offerId, buyerId, trade.Buyer, trade.EnergyWh, trade.TotalPriceNgwee, trade.FeeNgwee, transaction.TransactionHash, transaction.BlockNumber));
        if (Journal(transaction.BlockNumber, ListenerJournalKind.TradeImported, tradeId, trade.OfferId))
        {
            S.TradesImported++;
        }
    }

    /// <summary>Undoes, newest first, what was recorded from blocks after <paramref name="blockNumber"/>.</summary>
    private async Task UndoAfterAsync(long blockNumber)
    {
        foreach (var entry in S.Journal.Where(j => j.BlockNumber > blockNumber).Reverse().ToList())
        {
            switch (entry.Kind)
            {
                case ListenerJournalKind.TradeImported:
                    await GrainFactory.GetGrain<IPaymentGrain>(entry.Id).RevokeChainTradeAsync();
                    S.TradesImported--;
                    break;
                case ListenerJournalKind.ServerTrade:
                    // Our own payment's block was replaced: the trade finds out whether it is on the new chain.
                    await GrainFactory.GetGrain<IPaymentGrain>(entry.Id).ChainPaymentReorganisedAsync();
                    break;
                case ListenerJournalKind.OfferCancelled:
                    await GrainFactory.GetGrain<IOfferGrain>(entry.Id).ReopenFromChainAsync();
                    break;
                case ListenerJournalKind.MirroredTrade:
                    // Our record of a mobile money trade was in a replaced block: written again (by reference, once).
                    // Only trades this server knows: another server on the same contract records its own.
                    if (await GrainFactory.GetGrain<IPaymentGrain>(entry.Id).ExistsAsync())
                    {
                        await Mirror.EnqueueTradeAsync(entry.Id);
                    }

                    break;
                case ListenerJournalKind.ServerDeposit when entry.UserId is { } depositor:
                    // Our collection of a deposit was in a replaced block: the deposit finds out whether it is on the
                    // new chain, collects again if not, and takes the credit back if it cannot.
                    await Deposit(entry.Id, depositor).ChainCollectionReorganisedAsync();
                    break;
                case ListenerJournalKind.OfferImported:
                    await GrainFactory.GetGrain<IOfferGrain>(entry.Id).CloseFromChainAsync();
                    if (S.ChainOffers.TryGetValue(entry.ChainOfferId, out var current) && current == entry.Id)
                    {
                        S.ChainOffers.Remove(entry.ChainOfferId);
                    }

                    S.OffersImported--;
                    break;
            }

            S.Journal.Remove(entry);
        }
    }

    private bool Journal(long blockNumber, ListenerJournalKind kind, Guid id, long chainOfferId, string? userId = null)
    {
        if (S.Journal.Any(j => j.Id == id && j.Kind == kind))
        {
            return false;
        }

        S.Journal.Add(new ListenerJournalEntry(blockNumber, kind, id, chainOfferId, userId));
        return true;
    }

    private async Task<string> UserOfAsync(string address) =>
        await GrainFactory.GetGrain<IWalletAddressGrain>(WalletAddresses.Key(address)).GetUserAsync() ?? WalletAddresses.UnlinkedUserId(address);

    private string Scope => $"{options.ChainId}:{options.EnergyTradingAddress!.ToLowerInvariant()}";

    private FollowerCheckpoint Checkpoint() =>
        S.BlockHash is null && S.BlockNumber < 0
            ? FollowerCheckpoint.Start(options.Settings.StartBlock)
            : new FollowerCheckpoint(S.BlockNumber, S.BlockHash, S.Recent.Select(b => new BlockRef(b.Number, b.Hash)).ToList());

    private void Store(FollowerCheckpoint checkpoint)
    {
        S.BlockNumber = checkpoint.BlockNumber;
        S.BlockHash = checkpoint.BlockHash;
        S.Recent = checkpoint.Recent.Select(b => new ListenerBlock(b.Number, b.Hash)).ToList();
        // Entries older than the reorg window can no longer be undone by a rewind; forget them.
        var oldest = S.Recent.Count == 0 ? checkpoint.BlockNumber : S.Recent[0].Number;
        S.Journal.RemoveAll(j => j.BlockNumber < oldest);
    }

    private Task TryAsync(Func<Task> action, string what) => logger.TryAsync(action, "Chain listener", what, LogLevel.Warning);

    private ChainListenerStatus Status() => new(
        true, S.BlockNumber, S.BlockHash, S.HeadBlock, S.LastSyncAt, S.LastError, S.OffersImported, S.TradesImported,
        S.Reorganisations, Math.Max(1, options.Settings.ListenerConfirmations));
}
