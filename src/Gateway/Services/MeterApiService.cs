using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Meters;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Api.V1;
using Enerlectra.Gateway.Auth;
using Enerlectra.Gateway.Mapping;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Enerlectra.Gateway.Services;

[Authorize(Roles = AuthOptions.MeterRole + "," + AuthOptions.OperatorRole)]
public sealed class MeterApiService(IGrainFactory grains, IOptions<MarketOptions> markets) : MeterService.MeterServiceBase
{
    public override async Task<Wallet> RecordReading(RecordReadingRequest request, ServerCallContext context)
    {
        var userId = Ids.RequireUserId(request.UserId, "userId");
        if (context.IsOperator())
        {
            // An operator's correction: trusted, so neither binding nor capacity applies; the wallet still caps it.
            var creditId = ReadingIds.ForCorrection(ReadingIds.Require(request.ReadingId));
            return await grains.ViewAsync(await grains.GetGrain<IWalletGrain>(userId).RecordGenerationAsync(creditId, request.GeneratedWh, context.UserId()), markets.Value);
        }

        // A meter reports as itself: the token's subject is the meter identity whose bindings and capacity decide.
        var reading = new MeterReading(userId, request.ReadingId, request.GeneratedWh, RequestParsing.OptionalTime(request.ReadAt, "readAt"));
        return await grains.ViewAsync(await grains.GetGrain<IMeterGrain>(context.UserId()).RecordReadingAsync(reading), markets.Value);
    }
}
