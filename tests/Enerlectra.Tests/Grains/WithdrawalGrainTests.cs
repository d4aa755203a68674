using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Withdrawals;
using Enerlectra.Tests.Support;
using Xunit;

namespace Enerlectra.Tests.Grains;

/// <summary>
/// Withdrawals on a real cluster against the sandbox's MTN disbursements: the market holds the money, it is paid to
/// the verified phone once, and the hold is settled only on a definite answer (a failure returns the money to the
/// balance and says why); unknown outcomes, from the provider or the market, are reconciled, never guessed.
/// </summary>
[Collection(MoneyCollection.Name)]
public sealed class WithdrawalGrainTests(MoneyClusterFixture fixture)
{
    private readonly Trading _t = new(fixture.Client);
    private readonly MoneyMoves _money = new(fixture);

    [Fact]
    public async Task A_withdrawal_is_held_paid_to_the_verified_phone_once_and_settled()
    {
        var (user, phone) = await _t.BuyerAsync("5000");
        var market = fixture.Market;
        await _money.FundAsync(user, market, 20_000);

        var started = await _money.WithdrawAsync(user, market, 8_000, "w-1");

        Assert.Equal((WithdrawalStatus.Pending, "+" + phone, MobileNetwork.Mtn), (started.Status, started.PhoneNumber, started.Network));
        Assert.Equal(fixture.Ids.WithdrawalId(user, "w-1"), started.WithdrawalId);
        var done = await _money.FinalAsync(started);
        Assert.Equal((WithdrawalStatus.Paid, (string?)null), (done.Status, done.FailureReason));
        var account = await _money.Book(market).GetAccountAsync(user);
        Assert.Equal((12_000L, 0L, 8_000L), (account.MoneyAvailableNgwee, account.MoneyWithdrawingNgwee, account.WithdrawnNgwee));
        Assert.Equal((8_000L, 1), await fixture.PaidToAsync(phone));
        await Eventually.UntilAsync(async () => await _money.ListedAsync(started.WithdrawalId) is null, "the withdrawal to leave the reconciler's list");
        await _money.AssertBalancedAsync(market);
    }

    [Fact]
    public async Task A_failed_payout_returns_the_money_to_the_balance_and_says_why()
    {
        var (user, phone) = await _t.BuyerAsync("0001"); // the sandbox refuses payouts to this number
        var market = fixture.Market;
        await _money.FundAsync(user, market, 20_000);

        var done = await _money.FinalAsync(await _money.WithdrawAsync(user, market, 5_000, "w-1"));

        Assert.Equal(WithdrawalStatus.Failed, done.Status);
        Assert.Contains("failed", done.FailureReason);
        var account = await _money.Book(market).GetAccountAsync(user);
        Assert.Equal((20_000L, 0L, 0L), (account.MoneyAvailableNgwee, account.MoneyWithdrawingNgwee, account.WithdrawnNgwee));
        Assert.Equal((0L, 0), await fixture.PaidToAsync(phone));
        await _money.AssertBalancedAsync(market);
    }

    [Fact]
    public async Task A_payout_the_provider_holds_keeps_the_money_withdrawing_until_it_is_definite()
    {
        var (user, phone) = await _t.BuyerAsync("0004"); // the sandbox holds payouts to this number until told
        var market = fixture.Market;
        await _money.FundAsync(user, market, 9_000);
        var started = await _money.WithdrawAsync(user, market, 6_000, "w-1");
        await Eventually.UntilAsync(() => fixture.PayoutAsync(started.WithdrawalId), p => p.GetProperty("transaction").GetProperty("status").GetString() == "PENDING", "MTN to hold the payout");

        // Not definite, so neither paid nor returned: held as withdrawing, and on the reconciler's list.
        Assert.Equal(WithdrawalStatus.Pending, (await _money.Withdrawal(started.WithdrawalId, user).GetAsync())!.Status);
        var held = await _money.Book(market).GetAccountAsync(user);
        Assert.Equal((3_000L, 6_000L), (held.MoneyAvailableNgwee, held.MoneyWithdrawingNgwee));
        var listed = await _money.ListedAsync(started.WithdrawalId);
        Assert.Equal((PendingKind.Withdrawal, user), (listed!.Kind, listed.Owner));

        using (var approve = await fixture.ApprovePayoutAsync(started.WithdrawalId))
        {
            approve.EnsureSuccessStatusCode();
        }

        Assert.Equal(WithdrawalStatus.Paid, (await _money.FinalAsync(started)).Status);
        var account = await _money.Book(market).GetAccountAsync(user);
        Assert.Equal((3_000L, 0L, 6_000L), (account.MoneyAvailableNgwee, account.MoneyWithdrawingNgwee, account.WithdrawnNgwee));
        Assert.Equal((6_000L, 1), await fixture.PaidToAsync(phone));
    }

    [Fact]
    public async Task A_payout_whose_first_request_was_lost_is_resent_under_the_same_reference_and_paid_once()
    {
        var (user, phone) = await _t.BuyerAsync("0003"); // the sandbox loses the first arrival
        var market = fixture.Market;
        await _money.FundAsync(user, market, 9_000);

        var done = await _money.FinalAsync(await _money.WithdrawAsync(user, market, 4_000, "w-1"));

        Assert.Equal(WithdrawalStatus.Paid, done.Status);
        var payout = await fixture.PayoutAsync(done.WithdrawalId);
        Assert.True(payout.GetProperty("requestAttempts").GetInt32() >= 2, "the first arrival was lost, so paying needed a resubmission");
        Assert.Equal((4_000L, 1), await fixture.PaidToAsync(phone));
        Assert.Equal(4_000, (await _money.Book(market).GetAccountAsync(user)).WithdrawnNgwee);
    }

    [Fact]
    public async Task A_refused_withdrawal_records_nothing_and_its_key_works_once_there_is_money()
    {
        var market = fixture.Market;
        var stranger = Names.User("user");
        await _money.FundAsync(stranger, market, 10_000);
        var noPhone = await Trading.RefusedAsync(() => _money.WithdrawAsync(stranger, market, 1_000, "w-1"), ErrorKind.FailedPrecondition, "phoneNumber");
        Assert.Contains("verified phone", noPhone.Message);

        var (user, phone) = await _t.BuyerAsync("5000");
        await _money.FundAsync(user, market, 1_000);
        var tooMuch = await Trading.RefusedAsync(() => _money.WithdrawAsync(user, market, 5_000, "w-1"), ErrorKind.FailedPrecondition, "amountNgwee");
        Assert.Contains("Not enough money", tooMuch.Message);
        await Trading.RefusedAsync(() => _money.WithdrawAsync(user, market, 0, "w-0"), ErrorKind.InvalidArgument, "amountNgwee");
        var id = fixture.Ids.WithdrawalId(user, "w-1");
        Assert.Null(await _money.Withdrawal(id, user).GetAsync());
        await Eventually.UntilAsync(async () => await _money.ListedAsync(id) is null, "the refused withdrawal to leave the reconciler's list");
        var untouched = await _money.Book(market).GetAccountAsync(user);
        Assert.Equal((1_000L, 0L), (untouched.MoneyAvailableNgwee, untouched.MoneyWithdrawingNgwee));

        await _money.FundAsync(user, market, 10_000);
        var started = await _money.WithdrawAsync(user, market, 5_000, "w-1");
        Assert.Equal(started.WithdrawalId, (await _money.WithdrawAsync(user, market, 5_000, "w-1")).WithdrawalId);
        await Trading.RefusedAsync(() => _money.WithdrawAsync(user, market, 5_001, "w-1"), ErrorKind.AlreadyExists, "idempotencyKey");
        Assert.Equal(WithdrawalStatus.Paid, (await _money.FinalAsync(started)).Status);
        Assert.Equal(WithdrawalStatus.Paid, (await _money.WithdrawAsync(user, market, 5_000, "w-1")).Status);
        Assert.Equal((5_000L, 1), await fixture.PaidToAsync(phone));
        Assert.Equal(6_000, (await _money.Book(market).GetAccountAsync(user)).MoneyAvailableNgwee);
    }

    [Theory]
    [InlineData(JournalFault.BeforeWriting)]
    [InlineData(JournalFault.AfterWriting)]
    public async Task A_hold_the_market_could_not_confirm_is_asked_again_and_paid_once(JournalFault fault)
    {
        var (user, phone) = await _t.BuyerAsync("5000");
        var market = fixture.Market;
        await _money.FundAsync(user, market, 10_000);
        var failedBefore = fixture.Journal.FailedAppends(market);
        fixture.Journal.Break(market, fault);
        WithdrawalSnapshot started;
        try
        {
            // The market cannot say whether it holds the money: not a refusal, so the withdrawal stays pending.
            started = await _money.WithdrawAsync(user, market, 2_500, "w-1");
            Assert.Equal(WithdrawalStatus.Pending, started.Status);
            Assert.True(fixture.Journal.FailedAppends(market) > failedBefore);
        }
        finally
        {
            fixture.Journal.Repair(market);
        }

        Assert.Equal(WithdrawalStatus.Paid, (await _money.FinalAsync(started)).Status);
        var account = await _money.Book(market).GetAccountAsync(user);
        Assert.Equal((7_500L, 0L, 2_500L), (account.MoneyAvailableNgwee, account.MoneyWithdrawingNgwee, account.WithdrawnNgwee));
        Assert.Equal((2_500L, 1), await fixture.PaidToAsync(phone));
        await _money.AssertBalancedAsync(market);
    }

    [Theory]
    [InlineData(JournalFault.BeforeWriting)]
    [InlineData(JournalFault.AfterWriting)]
    public async Task A_settlement_the_market_could_not_confirm_is_made_later_exactly_once(JournalFault fault)
    {
        var (user, phone) = await _t.BuyerAsync("0004"); // the payout waits for the sandbox's approval
        var market = fixture.Market;
        await _money.FundAsync(user, market, 10_000);
        var started = await _money.WithdrawAsync(user, market, 3_000, "w-1");
        await Eventually.UntilAsync(() => fixture.PayoutAsync(started.WithdrawalId), p => p.GetProperty("transaction").GetProperty("status").GetString() == "PENDING", "MTN to hold the payout");

        var failedBefore = fixture.Journal.FailedAppends(market);
        fixture.Journal.Break(market, fault);
        try
        {
            using (var approve = await fixture.ApprovePayoutAsync(started.WithdrawalId))
            {
                approve.EnsureSuccessStatusCode();
            }

            // Paid by the provider; the market could not say whether it saved the settlement.
            await Eventually.UntilAsync(() => Task.FromResult(fixture.Journal.FailedAppends(market)), n => n > failedBefore, "the market to fail the settlement's write");
        }
        finally
        {
            fixture.Journal.Repair(market);
        }

        Assert.Equal(WithdrawalStatus.Paid, (await _money.FinalAsync(started)).Status);
        var account = await _money.Book(market).GetAccountAsync(user);
        Assert.Equal((7_000L, 0L, 3_000L), (account.MoneyAvailableNgwee, account.MoneyWithdrawingNgwee, account.WithdrawnNgwee));
        Assert.Equal((3_000L, 1), await fixture.PaidToAsync(phone));
        await _money.AssertBalancedAsync(market);
    }
}
