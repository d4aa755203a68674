using Enerlectra.Api.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace Enerlectra.MarketMaker;

/// <summary>
/// <c>--fund</c>, for the Development profile: tops up the bot's trading account in its market through the public
/// API, the way a real user's money and energy arrive, using dev tokens for the roles a real deployment would not
/// hand a bot.
/// </summary>
/// <remarks>
/// Money: a mobile money deposit from the user's verified phone (linking and verifying <c>FundPhone</c> first if the
/// user has none; the sandbox approves both). Energy: generation only enters through meter readings, so an operator
/// (a dev token with the operator role) registers a fresh meter for the user, sized so that the amount is exactly its
/// first hour's allowance, the meter (a dev token with the meter role) reports it, and the user transfers it from the
/// wallet into the market. The wallet shows only the default market's balances, so in another market the full
/// amounts are added on every run instead of topped up to.
/// </remarks>
public sealed class AccountFunding(GrpcChannel channel, ILogger logger)
{
    /// <summary>The identity that registers the funding meters (any operator may).</summary>
    public const string OperatorId = "mm-funding-operator";

    /// <summary>The most one mobile money deposit may be under the default limits; larger top-ups are split.</summary>
    public const long MaxDepositNgwee = 1_000_000;

    /// <summary>The smallest deposit providers accept by default.</summary>
    public const long MinDepositNgwee = 100;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMinutes(2);

    private readonly DevTokens _tokens = new(new AuthService.AuthServiceClient(channel));
    private readonly WalletService.WalletServiceClient _wallets = new(channel);

    /// <summary>Tops up money to <see cref="MarketMakerOptions.FundNgwee"/> and energy to <see cref="MarketMakerOptions.FundWh"/>.</summary>
    /// <returns>The wallet afterwards (its balances are the default market's).</returns>
    public async Task<Wallet> FundAsync(string userId, MarketMakerOptions options, CancellationToken cancellationToken)
    {
        var me = await _tokens.HeadersAsync(userId, cancellationToken);
        var isDefaultMarket = options.Market == "default";
        var wallet = await GetWalletAsync(userId, me, cancellationToken);

        if (options.FundNgwee - (isDefaultMarket ? wallet.BalanceNgwee : 0) > 0)
        {
            wallet = await EnsureVerifiedPhoneAsync(userId, me, options.FundPhone, wallet, cancellationToken);
            // Verifying credited its amount to the default market's balance: the deposit only makes up the rest.
            var missing = options.FundNgwee - (isDefaultMarket ? wallet.BalanceNgwee : 0);
            while (missing > 0)
            {
                var amount = Math.Clamp(missing, MinDepositNgwee, MaxDepositNgwee);
                await DepositAsync(userId, me, options.Market, amount, cancellationToken);
                missing -= amount;
            }
        }

        var missingWh = options.FundWh - (isDefaultMarket ? wallet.TradingEnergyWh : 0);
        if (missingWh > 0)
        {
            wallet = await GetWalletAsync(userId, me, cancellationToken);
            // available_wh counts the trading account's energy too; only the wallet's own part can be transferred.
            var inWallet = wallet.AvailableWh - wallet.TradingEnergyWh;
            if (missingWh > inWallet)
            {
                await MeterAsync(userId, missingWh - inWallet, cancellationToken);
            }

            await TransferAsync(userId, me, options.Market, missingWh, cancellationToken);
        }

        wallet = await GetWalletAsync(userId, me, cancellationToken);
        logger.LogInformation(
            "Funded {User}: default market balance {Balance} ngwee, {Energy} Wh to sell (phone {Phone})",
            userId, wallet.BalanceNgwee, wallet.TradingEnergyWh, wallet.PhoneNumber);
        return wallet;
    }

    private async Task<Wallet> EnsureVerifiedPhoneAsync(string userId, Metadata me, string phone, Wallet wallet, CancellationToken cancellationToken)
    {
        if (wallet.PhoneNumber.Length > 0)
        {
            return wallet;
        }

        logger.LogInformation("Linking {Phone} to {User} (the sandbox approves the verification prompt)", phone, userId);
        await _wallets.SetPhoneAsync(new SetPhoneRequest { UserId = userId, PhoneNumber = phone }, me, cancellationToken: cancellationToken);
        wallet = await PollAsync(
            () => GetWalletAsync(userId, me, cancellationToken),
            w => w.PhoneNumber.Length > 0 || w.PhoneVerification?.Status is "failed" or "cancelled",
            "the phone verification", cancellationToken);
        return wallet.PhoneNumber.Length > 0
            ? wallet
            : throw new InvalidOperationException($"Verifying {phone} ended {wallet.PhoneVerification?.Status}: {wallet.PhoneVerification?.FailureReason}");
    }

    private async Task DepositAsync(string userId, Metadata me, string market, long amountNgwee, CancellationToken cancellationToken)
    {
        logger.LogInformation("Depositing {Amount} ngwee into market {Market} by mobile money", amountNgwee, market);
        var deposit = await _wallets.DepositAsync(new DepositRequest
        {
            UserId = userId,
            AmountNgwee = amountNgwee,
            MarketId = market,
            IdempotencyKey = "mm-fund-" + Guid.NewGuid().ToString("N"),
        }, me, cancellationToken: cancellationToken);
        deposit = await PollAsync(
            async () => await _wallets.GetDepositAsync(new GetDepositRequest { UserId = userId, DepositId = deposit.DepositId }, me, cancellationToken: cancellationToken),
            d => d.Status is "completed" or "failed",
            "the deposit", cancellationToken);
        if (deposit.Status != "completed")
        {
            throw new InvalidOperationException($"The deposit failed: {deposit.FailureReason}");
        }
    }

    private async Task MeterAsync(string userId, long wh, CancellationToken cancellationToken)
    {
        var meterId = "mm-meter-" + Guid.NewGuid().ToString("N")[..16];
        var commissionedAt = DateTimeOffset.UtcNow.AddHours(-2);
        logger.LogInformation("Metering {Energy} Wh for {User} (meter {Meter}, registered by dev operator {Operator})", wh, userId, meterId, OperatorId);
        var registry = new MeterRegistryService.MeterRegistryServiceClient(channel);
        await registry.RegisterMeterAsync(new RegisterMeterRequest
        {
            MeterId = meterId,
            UserId = userId,
            // W over the one hour read below: exactly the amount.
            CapacityW = wh,
            CommissionedAt = Timestamp.FromDateTimeOffset(commissionedAt),
        }, await _tokens.HeadersAsync(OperatorId, cancellationToken, "operator"), cancellationToken: cancellationToken);
        await new MeterService.MeterServiceClient(channel).RecordReadingAsync(new RecordReadingRequest
        {
            UserId = userId,
            ReadingId = Guid.NewGuid().ToString("N"),
            GeneratedWh = wh,
            ReadAt = Timestamp.FromDateTimeOffset(commissionedAt.AddHours(1)),
        }, await _tokens.HeadersAsync(meterId, cancellationToken, "meter"), cancellationToken: cancellationToken);
    }

    private async Task TransferAsync(string userId, Metadata me, string market, long wh, CancellationToken cancellationToken)
    {
        logger.LogInformation("Transferring {Energy} Wh into market {Market}", wh, market);
        var request = new TransferEnergyRequest
        {
            UserId = userId,
            EnergyWh = wh,
            MarketId = market,
            IdempotencyKey = "mm-fund-" + Guid.NewGuid().ToString("N"),
        };
        // A pending transfer is finished by the same request again.
        await PollAsync(
            async () => await _wallets.TransferEnergyAsync(request, me, cancellationToken: cancellationToken),
            t => t.Status == "completed",
            "the energy transfer", cancellationToken);
    }

    private async Task<Wallet> GetWalletAsync(string userId, Metadata me, CancellationToken cancellationToken) =>
        await _wallets.GetWalletAsync(new GetWalletRequest { UserId = userId }, me, cancellationToken: cancellationToken);

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + PollTimeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what} after {PollTimeout.TotalMinutes:0} minutes; last seen: {value}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
