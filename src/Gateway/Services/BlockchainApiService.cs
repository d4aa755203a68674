using Enerlectra.Api.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Enerlectra.Gateway.Services;

/// <summary>
/// Reports the on-chain rail honestly: none is configured yet, so "hybrid" always selects mobile money.
/// </summary>
[AllowAnonymous]
public sealed class BlockchainApiService(TimeProvider clock) : BlockchainService.BlockchainServiceBase
{
    public override Task<BlockchainHealthResponse> GetStatus(BlockchainStatusRequest request, ServerCallContext context) => Task.FromResult(Report());

    public override Task<BlockchainHealthResponse> GetHealth(BlockchainStatusRequest request, ServerCallContext context) => Task.FromResult(Report());

    private BlockchainHealthResponse Report()
    {
        var health = new BlockchainHealth
        {
            Service = "enerlectra-blockchain",
            Status = "not_configured",
            Blockchain = new ChainInfo { IsInitialized = false, Network = "none", BlockNumber = 0 },
            Timestamp = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
            Message = "No blockchain is configured on this server; every trade is paid by mobile money.",
        };
        health.ActivePaymentMethods.Add("mobile_money");
        return new BlockchainHealthResponse { Success = true, Data = health };
    }
}
