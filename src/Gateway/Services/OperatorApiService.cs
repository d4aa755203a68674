using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Api.V1;
using Enerlectra.Exchange.Grains;
using Enerlectra.Gateway.Auth;
using Enerlectra.Gateway.Mapping;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Enerlectra.Gateway.Services;

[Authorize(Roles = AuthOptions.OperatorRole)]
public sealed class OperatorApiService(PaymentOverviewQuery query, IGrainFactory grains, IOptions<MarketOptions> markets, TimeProvider clock)
    : OperatorService.OperatorServiceBase
{
    public override async Task<LedgerCheck> GetLedger(GetLedgerRequest request, ServerCallContext context)
    {
        var marketId = RequestParsing.MarketId(request.MarketId, markets.Value);
        return (await grains.GetGrain<IOrderBookGrain>(marketId).AuditAsync()).ToApi();
    }

    public override async Task<PaymentOverview> GetPaymentOverview(GetPaymentOverviewRequest request, ServerCallContext context)
    {
        if (request.MaxListed is < 0 or > 500)
        {
            throw TradingException.Invalid("maxListed", "maxListed must be between 0 and 500 (0 means 50).");
        }

        var (pending, resolved) = await query.ReadAsync();
        var overview = new PaymentOverview
        {
            Unresolved = pending.Count,
            OldestUnresolvedAge = Duration.FromTimeSpan(pending.Count == 0 ? TimeSpan.Zero : clock.GetUtcNow() - pending[0].Since),
        };
        var mobile = pending.Where(p => !IsWallet(p.Kind)).ToList();
        var wallet = pending.Where(p => IsWallet(p.Kind)).ToList();
        overview.Providers.AddRange(System.Enum.GetValues<MobileNetwork>().Select(n => new ProviderPayments
        {
            Network = ApiMapping.Name(n),
            Unresolved = mobile.Count(p => p.Network == n),
            UnresolvedPayouts = mobile.Count(p => p.Network == n && p.Kind == PendingKind.Payout),
            CompletedPayments = Count(resolved, PendingKind.Collection, n, failed: false),
            FailedPayments = Count(resolved, PendingKind.Collection, n, failed: true),
            CompletedPayouts = Count(resolved, PendingKind.Payout, n, failed: false),
            FailedPayouts = Count(resolved, PendingKind.Payout, n, failed: true),
            UnknownOutcome = mobile.Count(p => p.Network == n && p.OutcomeUnknown),
            UnresolvedVerifications = mobile.Count(p => p.Network == n && p.Kind == PendingKind.PhoneVerification),
            CompletedVerifications = Count(resolved, PendingKind.PhoneVerification, n, failed: false),
            FailedVerifications = Count(resolved, PendingKind.PhoneVerification, n, failed: true),
            UnresolvedDeposits = mobile.Count(p => p.Network == n && p.Kind == PendingKind.Deposit),
            CompletedDeposits = Count(resolved, PendingKind.Deposit, n, failed: false),
            FailedDeposits = Count(resolved, PendingKind.Deposit, n, failed: true),
            UnresolvedWithdrawals = mobile.Count(p => p.Network == n && p.Kind == PendingKind.Withdrawal),
            CompletedWithdrawals = Count(resolved, PendingKind.Withdrawal, n, failed: false),
            FailedWithdrawals = Count(resolved, PendingKind.Withdrawal, n, failed: true),
        }));
        // Payments and deposits from connected wallets, as one more "provider".
        overview.Providers.Add(new ProviderPayments
        {
            Network = WalletProvider,
            Unresolved = wallet.Count,
            CompletedPayments = resolved.Where(r => r.Kind == PendingKind.WalletPayment && !r.Failed).Sum(r => r.Count),
            FailedPayments = resolved.Where(r => r.Kind == PendingKind.WalletPayment && r.Failed).Sum(r => r.Count),
            UnknownOutcome = wallet.Count(p => p.OutcomeUnknown),
            UnresolvedDeposits = wallet.Count(p => p.Kind == PendingKind.WalletDeposit),
            CompletedDeposits = resolved.Where(r => r.Kind == PendingKind.WalletDeposit && !r.Failed).Sum(r => r.Count),
            FailedDeposits = resolved.Where(r => r.Kind == PendingKind.WalletDeposit && r.Failed).Sum(r => r.Count),
        });
        overview.Oldest.AddRange(pending.Take(request.MaxListed == 0 ? 50 : request.MaxListed).Select(p => new UnresolvedPayment
        {
            TradeId = p.TradeId.ToString(),
            Network = IsWallet(p.Kind) ? WalletProvider : ApiMapping.Name(p.Network),
            Since = Timestamp.FromDateTimeOffset(p.Since),
            Kind = p.Kind switch
            {
                PendingKind.Payout => "payout",
                PendingKind.WalletPayment => "wallet_payment",
                PendingKind.PhoneVerification => "phone_verification",
                PendingKind.Deposit => "deposit",
                PendingKind.WalletDeposit => "wallet_deposit",
                PendingKind.Withdrawal => "withdrawal",
                _ => "payment",
            },
            SellerId = p.Owner ?? string.Empty,
            OutcomeUnknown = p.OutcomeUnknown,
        }));
        return overview;
    }

    private const string WalletProvider = "wallet";

    private static bool IsWallet(PendingKind kind) => kind is PendingKind.WalletPayment or PendingKind.WalletDeposit;

    private static long Count(IEnumerable<ResolvedCount> resolved, PendingKind kind, MobileNetwork network, bool failed) =>
        resolved.Where(r => r.Kind == kind && r.Network == network && r.Failed == failed).Sum(r => r.Count);
}
