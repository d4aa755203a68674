using Enerlectra.Abstractions.Deposits;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Withdrawals;
using Enerlectra.Exchange.Grains;

namespace Enerlectra.Tests.Support;

/// <summary>Deposits and withdrawals driven the way the gateway drives them (ids keyed from user and idempotency key).</summary>
public sealed class MoneyMoves(MoneyClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    public IDepositGrain Deposit(Guid depositId, string userId) => Client.GetGrain<IDepositGrain>(depositId, userId, null);

    public IWithdrawalGrain Withdrawal(Guid withdrawalId, string userId) => Client.GetGrain<IWithdrawalGrain>(withdrawalId, userId, null);

    public IOrderBookGrain Book(string marketId) => Client.GetGrain<IOrderBookGrain>(marketId);

    public DepositRequest DepositRequest(string userId, string marketId, long amountNgwee, string key, string payer = "") =>
        new(fixture.Ids.DepositId(userId, key), userId, marketId, amountNgwee, payer, key);

    public Task<DepositSnapshot> DepositAsync(string userId, string marketId, long amountNgwee, string key, string payer = "")
    {
        var request = DepositRequest(userId, marketId, amountNgwee, key, payer);
        return Deposit(request.DepositId, userId).StartAsync(request);
    }

    public async Task<DepositSnapshot> FinalAsync(DepositSnapshot deposit) =>
        (await Eventually.UntilAsync(
            () => Deposit(deposit.DepositId, deposit.UserId).GetAsync(),
            d => d!.Status is DepositStatus.Completed or DepositStatus.Failed,
            $"deposit {deposit.DepositId} to finish"))!;

    public WithdrawalRequest WithdrawalRequest(string userId, string marketId, long amountNgwee, string key) =>
        new(fixture.Ids.WithdrawalId(userId, key), userId, marketId, amountNgwee, key);

    public Task<WithdrawalSnapshot> WithdrawAsync(string userId, string marketId, long amountNgwee, string key)
    {
        var request = WithdrawalRequest(userId, marketId, amountNgwee, key);
        return Withdrawal(request.WithdrawalId, userId).StartAsync(request);
    }

    public async Task<WithdrawalSnapshot> FinalAsync(WithdrawalSnapshot withdrawal) =>
        (await Eventually.UntilAsync(
            () => Withdrawal(withdrawal.WithdrawalId, withdrawal.UserId).GetAsync(),
            w => w!.Status != WithdrawalStatus.Pending,
            $"withdrawal {withdrawal.WithdrawalId} to finish"))!;

    /// <summary>Puts money straight into a market balance (as a confirmed deposit would), for tests about spending it.</summary>
    public Task FundAsync(string userId, string marketId, long ngwee) =>
        Book(marketId).DepositAsync(userId, ngwee, $"fund-{Guid.NewGuid():N}", "mtn");

    /// <summary>Whether the reconciler still lists the id (a deposit, withdrawal, payment...).</summary>
    public async Task<PendingPayment?> ListedAsync(Guid id) =>
        await Client.GetGrain<IPaymentReconcilerGrain>(PaymentReconcilers.ShardOf(id)).FindAsync(id);

    /// <summary>The market's ledger check must find sound books.</summary>
    public async Task AssertBalancedAsync(string marketId)
    {
        var report = await Eventually.UntilAsync(() => Book(marketId).AuditAsync(), r => r.Balanced, $"market {marketId}'s ledger check to pass");
        Xunit.Assert.All(report.Totals.Values, total => Xunit.Assert.Equal(0, total));
    }
}
