using Enerlectra.Abstractions.Chain;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Abstractions.Withdrawals;
using Enerlectra.Api.V1;
using Enerlectra.Gateway.Auth;
using Enerlectra.Gateway.Mapping;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using DepositCommand = Enerlectra.Abstractions.Deposits.DepositRequest;
using DepositMethod = Enerlectra.Abstractions.Deposits.DepositMethod;
using IDepositGrain = Enerlectra.Abstractions.Deposits.IDepositGrain;

namespace Enerlectra.Gateway.Services;

[Authorize]
public sealed class WalletApiService(IGrainFactory grains, KeyedIds ids, IOptions<MarketOptions> markets) : WalletService.WalletServiceBase
{
    public override async Task<Wallet> GetWallet(GetWalletRequest request, ServerCallContext context)
    {
        // Operators may also read the records of wallets that traded on-chain without linking an account.
        var userId = WalletAddresses.IsUnlinkedUserId(request.UserId) ? request.UserId : Ids.RequireUserId(request.UserId, "userId");
        context.RequireSelfOrOperator(userId);
        return await grains.ViewAsync(await Wallet(userId).GetAsync(), markets.Value);
    }

    public override async Task<ListWalletHistoryResponse> ListWalletHistory(ListWalletHistoryRequest request, ServerCallContext context)
    {
        var userId = Ids.RequireUserId(request.UserId, "userId");
        context.RequireSelfOrOperator(userId);
        var response = new ListWalletHistoryResponse();
        response.Entries.AddRange((await Wallet(userId).GetHistoryAsync()).Select(e => e.ToApi()));
        return response;
    }

    public override async Task<Wallet> SetPhone(SetPhoneRequest request, ServerCallContext context)
    {
        var userId = context.ActingAs(Ids.RequireUserId(request.UserId, "userId"), "userId");
        var network = RequestParsing.Network(request.Network, "network");
        return await grains.ViewAsync(await Wallet(userId).SetPhoneAsync(request.PhoneNumber, network), markets.Value);
    }

    public override async Task<Wallet> CancelPhoneVerification(CancelPhoneVerificationRequest request, ServerCallContext context)
    {
        var userId = context.ActingAs(Ids.RequireUserId(request.UserId, "userId"), "userId");
        return await grains.ViewAsync(await Wallet(userId).CancelPhoneVerificationAsync(), markets.Value);
    }

    public override async Task<Wallet> RequestPayout(RequestPayoutRequest request, ServerCallContext context)
    {
        var userId = context.ActingAs(Ids.RequireUserId(request.UserId, "userId"), "userId");
        return await grains.ViewAsync(await Wallet(userId).RequestPayoutAsync(), markets.Value);
    }

    public override async Task<MoneyDeposit> Deposit(DepositRequest request, ServerCallContext context)
    {
        var userId = context.ActingAs(Ids.RequireUserId(request.UserId, "userId"), "userId");
        var key = RequiredKey(request.IdempotencyKey);
        var marketId = RequestParsing.MarketId(request.MarketId, markets.Value);
        // Whether the wallet rail exists here, and whether the user linked a wallet, the deposit grain decides.
        var method = request.Method?.Trim().ToLowerInvariant() switch
        {
            null or "" or "mobile_money" or "mobile-money" or "mobilemoney" => DepositMethod.MobileMoney,
            "wallet" => DepositMethod.Wallet,
            _ => throw TradingException.Invalid("method", "method must be \"mobile_money\" (the default) or \"wallet\"."),
        };

        var payer = string.IsNullOrWhiteSpace(request.PhoneNumber) ? "" : ZambianMsisdn.Parse(request.PhoneNumber, "phoneNumber").Digits;
        var depositId = ids.DepositId(userId, key);
        var deposit = new DepositCommand(depositId, userId, marketId, request.AmountNgwee, payer, key, method);
        return (await grains.GetGrain<IDepositGrain>(depositId, userId, null).StartAsync(deposit)).ToApi();
    }

    public override async Task<MoneyDeposit> GetDeposit(GetDepositRequest request, ServerCallContext context)
    {
        var userId = context.ActingAs(Ids.RequireUserId(request.UserId, "userId"), "userId");
        var depositId = Ids.RequireGuid(request.DepositId, "depositId");
        // Keyed by the caller too: somebody else's deposit id finds nothing, exactly as an id that does not exist.
        var deposit = await grains.GetGrain<IDepositGrain>(depositId, userId, null).GetAsync()
            ?? throw TradingException.NotFound("depositId", $"None of your deposits has depositId {depositId}.");
        return deposit.ToApi();
    }

    public override async Task<MoneyWithdrawal> Withdraw(WithdrawRequest request, ServerCallContext context)
    {
        var userId = context.ActingAs(Ids.RequireUserId(request.UserId, "userId"), "userId");
        var key = RequiredKey(request.IdempotencyKey);
        var marketId = RequestParsing.MarketId(request.MarketId, markets.Value);
        var withdrawalId = ids.WithdrawalId(userId, key);
        var withdrawal = new WithdrawalRequest(withdrawalId, userId, marketId, request.AmountNgwee, key);
        return (await grains.GetGrain<IWithdrawalGrain>(withdrawalId, userId, null).StartAsync(withdrawal)).ToApi();
    }

    public override async Task<MoneyWithdrawal> GetWithdrawal(GetWithdrawalRequest request, ServerCallContext context)
    {
        var userId = context.ActingAs(Ids.RequireUserId(request.UserId, "userId"), "userId");
        var withdrawalId = Ids.RequireGuid(request.WithdrawalId, "withdrawalId");
        var withdrawal = await grains.GetGrain<IWithdrawalGrain>(withdrawalId, userId, null).GetAsync()
            ?? throw TradingException.NotFound("withdrawalId", $"None of your withdrawals has withdrawalId {withdrawalId}.");
        return withdrawal.ToApi();
    }

    public override async Task<EnergyTransfer> TransferEnergy(TransferEnergyRequest request, ServerCallContext context)
    {
        var userId = context.ActingAs(Ids.RequireUserId(request.UserId, "userId"), "userId");
        var key = RequiredKey(request.IdempotencyKey);
        var marketId = RequestParsing.MarketId(request.MarketId, markets.Value);
        var transferId = ids.EnergyTransferId(userId, key);
        return (await Wallet(userId).TransferToMarketAsync(transferId, marketId, request.EnergyWh, key)).ToApi();
    }

    private IWalletGrain Wallet(string userId) => grains.GetGrain<IWalletGrain>(userId);

    /// <summary>Money and energy moves are always idempotent: the key names the move, so a retry is the same move.</summary>
    private static string RequiredKey(string? value) =>
        Ids.OptionalIdempotencyKey(value, "idempotencyKey")
        ?? throw TradingException.Invalid("idempotencyKey", "idempotencyKey is required: your own name for this request, so a retry is never done twice.");
}
