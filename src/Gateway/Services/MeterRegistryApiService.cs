using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Meters;
using Enerlectra.Api.V1;
using Enerlectra.Gateway.Auth;
using Enerlectra.Gateway.Mapping;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Enerlectra.Gateway.Services;

[Authorize(Roles = AuthOptions.OperatorRole)]
public sealed class MeterRegistryApiService(IGrainFactory grains) : MeterRegistryService.MeterRegistryServiceBase
{
    public override async Task<MeterRegistration> RegisterMeter(RegisterMeterRequest request, ServerCallContext context)
    {
        var meterId = Ids.RequireUserId(request.MeterId, "meterId");
        var command = new RegisterMeterCommand(
            Ids.RequireUserId(request.UserId, "userId"),
            request.CapacityW,
            RequestParsing.OptionalTime(request.CommissionedAt, "commissionedAt"),
            context.UserId());
        return (await grains.GetGrain<IMeterGrain>(meterId).RegisterAsync(command)).ToApi();
    }

    public override async Task<MeterRegistration> GetMeter(GetMeterRequest request, ServerCallContext context)
    {
        var meterId = Ids.RequireUserId(request.MeterId, "meterId");
        return (await grains.GetGrain<IMeterGrain>(meterId).GetAsync()).ToApi();
    }

    public override async Task<MeterRegistration> UnregisterMeter(UnregisterMeterRequest request, ServerCallContext context)
    {
        var meterId = Ids.RequireUserId(request.MeterId, "meterId");
        var userId = Ids.RequireUserId(request.UserId, "userId");
        return (await grains.GetGrain<IMeterGrain>(meterId).UnregisterAsync(userId, context.UserId())).ToApi();
    }
}
