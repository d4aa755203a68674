using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Api.V1;
using Enerlectra.Gateway.Auth;
using Enerlectra.Gateway.Mapping;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Enerlectra.Gateway.Services;

[Authorize(Roles = AuthOptions.MeterRole + "," + AuthOptions.OperatorRole)]
public sealed class MeterApiService(IGrainFactory grains) : MeterService.MeterServiceBase
{
    public override async Task<Wallet> RecordReading(RecordReadingRequest request, ServerCallContext context)
    {
        var userId = Ids.RequireUserId(request.UserId, "userId");
        var wallet = await grains.GetGrain<IWalletGrain>(userId)
            .RecordGenerationAsync(request.ReadingId, request.GeneratedWh, context.UserId());
        return wallet.ToApi();
    }
}
