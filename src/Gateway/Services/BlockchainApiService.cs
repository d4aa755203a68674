using Enerlectra.Abstractions.Chain;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Api.V1;
using Enerlectra.Chain;
using Enerlectra.Gateway.Auth;
using Enerlectra.Gateway.Mapping;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Enerlectra.Gateway.Services;

/// <summary>
/// Reports the on-chain rail honestly: the node's real chain id and head block, whether the contracts are deployed,
/// how far the listener has followed the chain and how much mirroring is pending when a chain is configured;
/// "not_configured" (mobile money only) otherwise.
/// </summary>
[AllowAnonymous]
public sealed class BlockchainApiService(
    TimeProvider clock, PaymentOverviewQuery payments, IChainStatusSource chain, ChainOptions options, IGrainFactory grains)
    : BlockchainService.BlockchainServiceBase
{
    public override Task<BlockchainHealthResponse> GetStatus(BlockchainStatusRequest request, ServerCallContext context) => ReportAsync(context.CancellationToken);

    public override Task<BlockchainHealthResponse> GetHealth(BlockchainStatusRequest request, ServerCallContext context) => ReportAsync(context.CancellationToken);

    [Authorize]
    public override async Task<BlockchainHealthResponse> Sync(BlockchainSyncRequest request, ServerCallContext context)
    {
        if (!context.IsOperator())
        {
            throw TradingException.Denied("Only operators can force a chain sync.");
        }

        if (!options.IsConfigured)
        {
            throw TradingException.Precondition("No blockchain is configured on this server, so there is nothing to sync.");
        }

        await grains.GetGrain<IChainListenerGrain>(ChainGrains.SingletonKey).SyncAsync();
        await grains.GetGrain<IChainMirrorGrain>(ChainGrains.SingletonKey).RunNowAsync();
        return await ReportAsync(context.CancellationToken);
    }

    private async Task<BlockchainHealthResponse> ReportAsync(CancellationToken cancellationToken)
    {
        var (pending, _) = await payments.ReadAsync();
        var status = await chain.GetStatusAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var summary = new PaymentsSummary
        {
            Unresolved = pending.Count,
            OldestUnresolvedAge = Duration.FromTimeSpan(pending.Count == 0 ? TimeSpan.Zero : now - pending[0].Since),
        };
        foreach (var group in pending.GroupBy(p => p.Kind is PendingKind.WalletPayment or PendingKind.WalletDeposit ? "wallet" : ApiMapping.Name(p.Network)))
        {
            summary.UnresolvedByNetwork[group.Key] = group.Count();
        }

        var health = new BlockchainHealth
        {
            Service = "enerlectra-blockchain",
            Status = status.Health,
            Blockchain = new ChainInfo
            {
                IsInitialized = status.Configured && status.Reachable,
                Network = status.Network,
                BlockNumber = status.HeadBlock,
                HeadBlock = status.HeadBlock,
                ChainId = status.ChainId,
                ContractsDeployed = status.ContractsDeployed,
            },
            Timestamp = Timestamp.FromDateTimeOffset(now),
            Payments = summary,
        };

        var walletPayments = options.CanSend && status.Health == "healthy";
        health.ActivePaymentMethods.Add("mobile_money");
        if (walletPayments)
        {
            health.ActivePaymentMethods.Add("blockchain");
        }

        if (options.IsConfigured)
        {
            var listener = await grains.GetGrain<IChainListenerGrain>(ChainGrains.SingletonKey).GetStatusAsync();
            var mirror = await grains.GetGrain<IChainMirrorGrain>(ChainGrains.SingletonKey).GetStatusAsync();
            if (options.CanSend)
            {
                health.HybridFeatures.Add("wallet_payments");
            }

            if (mirror.Enabled)
            {
                health.HybridFeatures.Add("offer_mirroring");
                health.HybridFeatures.Add("trade_mirroring");
            }

            health.HybridFeatures.Add("chain_listener");
            health.Sync = new ChainSync
            {
                LastProcessedBlock = listener.LastProcessedBlock,
                LastProcessedBlockHash = listener.LastProcessedHash ?? "",
                LagBlocks = status.Reachable ? listener.LagBehind(status.HeadBlock) : listener.Lag,
                Confirmations = listener.Confirmations,
                LastSyncTime = listener.LastSyncAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
                OffersRecorded = listener.OffersImported,
                TradesRecorded = listener.TradesImported,
                Reorganisations = listener.Reorganisations,
                PendingMirrorJobs = mirror.Pending,
                MirrorJobsCompleted = mirror.Completed,
                MirrorJobsGivenUp = mirror.GivenUp,
                OldestPendingMirrorJob = mirror.OldestPendingSince is { } since ? Timestamp.FromDateTimeOffset(since) : null,
                LastError = listener.LastError ?? mirror.LastError ?? "",
            };
        }

        health.Message = Message(status, walletPayments);
        return new BlockchainHealthResponse { Success = true, Data = health };
    }

    private static string Message(ChainStatus status, bool walletPayments) => status.Health switch
    {
        "not_configured" => "No blockchain is configured on this server; every trade is paid by mobile money.",
        "healthy" when walletPayments => $"Connected to {status.Network} (chain {status.ChainId}) at block {status.HeadBlock}. Buyers with a connected wallet pay from it; everyone else by mobile money.",
        "healthy" => $"Connected to {status.Network} (chain {status.ChainId}) at block {status.HeadBlock}, read-only (no operator key): trades are paid by mobile money.",
        _ => $"The blockchain is configured but not usable: {status.Problem} Trades are paid by mobile money.",
    };
}
