using Enerlectra.Abstractions.Chain;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Api.V1;
using Enerlectra.Gateway.Auth;
using Enerlectra.Gateway.Mapping;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Enerlectra.Gateway.Services;

[Authorize]
public sealed class WalletApiService(IGrainFactory grains) : WalletService.WalletServiceBase
{
    public override async Task<Wallet> GetWallet(GetWalletRequest request, ServerCallContext context)
    {
        // Operators may also read the records of wallets that traded on-chain without linking an account.
        var userId = WalletAddresses.IsUnlinkedUserId(request.UserId) ? request.UserId : Ids.RequireUserId(request.UserId, "userId");
        context.RequireSelfOrOperator(userId);
        return (await grains.GetGrain<IWalletGrain>(userId).GetAsync()).ToApi();
    }

    public override async Task<Wallet> SetPhone(SetPhoneRequest request, ServerCallContext context)
    {
        var userId = context.ActingAs(Ids.RequireUserId(request.UserId, "userId"), "userId");
        var network = RequestParsing.Network(request.Network, "network");
        return (await grains.GetGrain<IWalletGrain>(userId).SetPhoneAsync(request.PhoneNumber, network)).ToApi();
    }

    public override async Task<Wallet> CancelPhoneVerification(CancelPhoneVerificationRequest request, ServerCallContext context)
    {
        var userId = context.ActingAs(Ids.RequireUserId(request.UserId, "userId"), "userId");
        return (await grains.GetGrain<IWalletGrain>(userId).CancelPhoneVerificationAsync()).ToApi();
    }

    public override async Task<Wallet> RequestPayout(RequestPayoutRequest request, ServerCallContext context)
    {
        var userId = context.ActingAs(Ids.RequireUserId(request.UserId, "userId"), "userId");
        return (await grains.GetGrain<IWalletGrain>(userId).RequestPayoutAsync()).ToApi();
    }
}
