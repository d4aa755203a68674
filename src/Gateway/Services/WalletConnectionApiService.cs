using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.WalletConnections;
using Enerlectra.Api.V1;
using Enerlectra.Gateway.Auth;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Enerlectra.Gateway.Services;

/// <summary>Wallet address linking; every call acts for the caller only (a link proves control of an address).</summary>
[Authorize]
public sealed class WalletConnectionApiService(IGrainFactory grains) : WalletConnectionService.WalletConnectionServiceBase
{
    public override async Task<Api.V1.WalletChallenge> IssueChallenge(IssueWalletChallengeRequest request, ServerCallContext context)
    {
        var challenge = await Grain(request.UserId, context).IssueChallengeAsync();
        return new Api.V1.WalletChallenge
        {
            Message = challenge.Message,
            Nonce = challenge.Nonce,
            ExpiresAt = Timestamp.FromDateTimeOffset(challenge.ExpiresAt),
        };
    }

    public override async Task<WalletConnection> Connect(ConnectWalletRequest request, ServerCallContext context) =>
        ToApi(await Grain(request.UserId, context).VerifyAsync(request.Address, request.Signature));

    public override async Task<WalletConnection> GetConnection(GetWalletConnectionRequest request, ServerCallContext context) =>
        ToApi(await Grain(request.UserId, context).GetAsync());

    public override async Task<WalletConnection> Disconnect(DisconnectWalletRequest request, ServerCallContext context) =>
        ToApi(await Grain(request.UserId, context).UnlinkAsync());

    private IWalletConnectionGrain Grain(string requestedUserId, ServerCallContext context) =>
        grains.GetGrain<IWalletConnectionGrain>(context.ActingAs(Ids.RequireUserId(requestedUserId, "userId"), "userId"));

    private static WalletConnection ToApi(WalletConnectionSnapshot snapshot)
    {
        var api = new WalletConnection { UserId = snapshot.UserId, Connected = snapshot.IsConnected, Address = snapshot.Address ?? "" };
        if (snapshot.LinkedAt is { } linkedAt)
        {
            api.LinkedAt = Timestamp.FromDateTimeOffset(linkedAt);
        }

        return api;
    }
}
