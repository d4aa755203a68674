using Enerlectra.Abstractions.Deposits;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Tests.Support;
using Xunit;

namespace Enerlectra.Tests.Grains;

/// <summary>
/// Deposits on a real cluster against the sandbox's MTN collections: money comes only from the depositor's verified
/// phone, within the limits; the provider's confirmed collection is credited to the market balance exactly once,
/// whatever the provider or the market answered in between; a failure credits nothing and says why.
/// </summary>
[Collection(MoneyCollection.Name)]
public sealed class DepositGrainTests(MoneyClusterFixture fixture)
{
    private readonly Trading _t = new(fixture.Client);
    private readonly MoneyMoves _money = new(fixture);

    [Fact]
    public async Task A_deposit_the_owner_approves_is_collected_once_and_credited_to_the_market_balance_once()
    {
        var (user, phone) = await _t.BuyerAsync("5000");
        var market = fixture.Market;

        var started = await _money.DepositAsync(user, market, 25_000, "dep-1");
        Assert.Equal((DepositStatus.AwaitingApproval, "+" + phone, MobileNetwork.Mtn, 25_000L), (started.Status, started.PhoneNumber, started.Network, started.AmountNgwee));
        Assert.Equal(fixture.Ids.DepositId(user, "dep-1"), started.DepositId);
        var done = await _money.FinalAsync(started);

        Assert.Equal(DepositStatus.Completed, done.Status);
        Assert.NotNull(done.ProviderTransactionId);
        var account = await _money.Book(market).GetAccountAsync(user);
        Assert.Equal((25_000L, 25_000L), (account.MoneyAvailableNgwee, account.DepositedNgwee));
        // Collected once, under the deposit's own reference, as a payment (not a verification).
        var collection = await fixture.DescribeAsync(started.DepositId);
        Assert.Equal((1, 1, false), (collection.RequestAttempts, collection.Transaction!.ChargeCount, collection.Transaction.PhoneVerification));
        Assert.Equal((25_000L, 1), (await fixture.LedgerAsync()).For(phone).Payments());
        // It counts against the user's daily mobile money limit, like a purchase.
        Assert.Equal(25_000, (await fixture.Client.GetGrain<Abstractions.Limits.ISpendingLimitGrain>(user).GetSpentAsync())[MobileNetwork.Mtn]);
        await Eventually.UntilAsync(async () => await _money.ListedAsync(started.DepositId) is null, "the deposit to leave the reconciler's list");

        // Asking again changes nothing: the market credits each deposit id once.
        Assert.Equal(DepositStatus.Completed, await _money.Deposit(started.DepositId, user).ReconcileAsync());
        Assert.Equal(25_000, (await _money.Book(market).GetAccountAsync(user)).DepositedNgwee);
        await _money.AssertBalancedAsync(market);
    }

    [Fact]
    public async Task A_declined_deposit_credits_nothing_says_why_and_frees_the_daily_allowance()
    {
        var (user, phone) = await _t.BuyerAsync("0001"); // the sandbox's payer declines payments from this number
        var market = fixture.Market;

        var done = await _money.FinalAsync(await _money.DepositAsync(user, market, 10_000, "dep-1"));

        Assert.Equal(DepositStatus.Failed, done.Status);
        Assert.Contains("declined", done.FailureReason);
        var account = await _money.Book(market).GetAccountAsync(user);
        Assert.Equal((0L, 0L), (account.MoneyAvailableNgwee, account.DepositedNgwee));
        Assert.Equal((0L, 0), (await fixture.LedgerAsync()).For(phone).Payments());
        var spent = await fixture.Client.GetGrain<Abstractions.Limits.ISpendingLimitGrain>(user).GetSpentAsync();
        Assert.Equal(0, spent.GetValueOrDefault(MobileNetwork.Mtn));
        await Eventually.UntilAsync(async () => await _money.ListedAsync(done.DepositId) is null, "the deposit to leave the reconciler's list");
    }

    [Theory]
    [InlineData("0003")] // the provider loses the first arrival: it never got the request
    [InlineData("0005")] // the provider answers 503 to the first two arrivals
    public async Task An_unknown_outcome_is_reconciled_to_exactly_one_charge_and_one_credit(string ending)
    {
        var (user, phone) = await _t.BuyerAsync(ending);
        var market = fixture.Market;

        var done = await _money.FinalAsync(await _money.DepositAsync(user, market, 12_345, "dep-1"));

        Assert.Equal(DepositStatus.Completed, done.Status);
        var collection = await fixture.DescribeAsync(done.DepositId);
        Assert.True(collection.RequestAttempts >= 2, "the first arrival had no definite answer, so collecting needed another under the same reference");
        Assert.Equal(1, collection.Transaction!.ChargeCount);
        Assert.Equal((12_345L, 1), (await fixture.LedgerAsync()).For(phone).Payments());
        var account = await _money.Book(market).GetAccountAsync(user);
        Assert.Equal((12_345L, 12_345L), (account.MoneyAvailableNgwee, account.DepositedNgwee));
    }

    [Fact]
    public async Task A_deposit_the_provider_holds_waits_on_the_reconcilers_list_until_approved()
    {
        var (user, phone) = await _t.BuyerAsync("0004"); // the sandbox holds this number's payments until told
        var market = fixture.Market;
        var started = await _money.DepositAsync(user, market, 7_000, "dep-1");
        await Eventually.UntilAsync(() => fixture.DescribeAsync(started.DepositId), r => r.Transaction?.Status == "PENDING", "MTN to hold the deposit");

        // Waiting is never failing: still awaiting approval, durably listed for the reconciler's sweeps, nothing credited.
        Assert.Equal(DepositStatus.AwaitingApproval, (await _money.Deposit(started.DepositId, user).GetAsync())!.Status);
        var listed = await _money.ListedAsync(started.DepositId);
        Assert.Equal((PendingKind.Deposit, user, MobileNetwork.Mtn), (listed!.Kind, listed.Owner, listed.Network));
        Assert.Equal(0, (await _money.Book(market).GetAccountAsync(user)).DepositedNgwee);

        using (var approve = await fixture.ApproveCollectionAsync(started.DepositId))
        {
            approve.EnsureSuccessStatusCode();
        }

        var done = await _money.FinalAsync(started);
        Assert.Equal(DepositStatus.Completed, done.Status);
        Assert.Equal(7_000, (await _money.Book(market).GetAccountAsync(user)).DepositedNgwee);
        Assert.Equal((7_000L, 1), (await fixture.LedgerAsync()).For(phone).Payments());
    }

    [Fact]
    public async Task The_same_key_and_request_is_the_same_deposit_and_another_request_under_it_is_refused()
    {
        var (user, phone) = await _t.BuyerAsync("5000");
        var market = fixture.Market;
        var first = await _money.DepositAsync(user, market, 3_000, "dep-1");

        var again = await _money.DepositAsync(user, market, 3_000, "dep-1");
        Assert.Equal(first.DepositId, again.DepositId);
        await Trading.RefusedAsync(() => _money.DepositAsync(user, market, 3_001, "dep-1"), ErrorKind.AlreadyExists, "idempotencyKey");
        await Trading.RefusedAsync(() => _money.DepositAsync(user, Abstractions.Identity.Ids.DefaultMarket, 3_000, "dep-1"), ErrorKind.AlreadyExists, "idempotencyKey");
        await Trading.RefusedAsync(() => _money.DepositAsync(user, market, 3_000, "dep-1", Names.Payer("5000")), ErrorKind.AlreadyExists, "idempotencyKey");

        var done = await _money.FinalAsync(first);
        var replayed = await _money.DepositAsync(user, market, 3_000, "dep-1");
        Assert.Equal((done.DepositId, DepositStatus.Completed), (replayed.DepositId, replayed.Status));
        Assert.Equal(1, (await fixture.DescribeAsync(first.DepositId)).RequestAttempts);
        Assert.Equal((3_000L, 1), (await fixture.LedgerAsync()).For(phone).Payments());
        Assert.Equal(3_000, (await _money.Book(market).GetAccountAsync(user)).DepositedNgwee);
    }

    [Fact]
    public async Task Deposits_come_only_from_the_verified_phone_within_the_limits_and_a_refusal_records_nothing()
    {
        var market = fixture.Market;
        var stranger = Names.User("user");
        await AssertRefusedAsync(stranger, 5_000, ErrorKind.FailedPrecondition, "phoneNumber", "no verified phone");

        var (user, phone) = await _t.BuyerAsync("5000");
        var (_, victim) = await _t.BuyerAsync("5000");
        await AssertRefusedAsync(user, 5_000, ErrorKind.FailedPrecondition, "phoneNumber", "not the verified phone", payer: victim);
        await AssertRefusedAsync(user, 0, ErrorKind.InvalidArgument, "amountNgwee", "greater than zero");
        await AssertRefusedAsync(user, 99, ErrorKind.FailedPrecondition, "amountNgwee", "minimum");
        await AssertRefusedAsync(user, 1_000_001, ErrorKind.FailedPrecondition, "amountNgwee", "per deposit");
        await Trading.RefusedAsync(() => _money.DepositAsync(user, "no-such-market", 5_000, "k"), ErrorKind.NotFound, "marketId");

        // Daily: MTN allows ZMW 25,000 per user in 24 hours; two deposits of ZMW 10,000 leave room for less than a third.
        Assert.Equal(DepositStatus.Completed, (await _money.FinalAsync(await _money.DepositAsync(user, market, 1_000_000, "big-1"))).Status);
        Assert.Equal(DepositStatus.Completed, (await _money.FinalAsync(await _money.DepositAsync(user, market, 1_000_000, "big-2"))).Status);
        await AssertRefusedAsync(user, 1_000_000, ErrorKind.FailedPrecondition, "amountNgwee", "daily limit");

        Assert.Equal(2_000_000, (await _money.Book(market).GetAccountAsync(user)).DepositedNgwee);
        Assert.Equal((0L, 0), (await fixture.LedgerAsync()).For(victim).Payments());
        Assert.Equal((2_000_000L, 2), (await fixture.LedgerAsync()).For(phone).Payments());

        async Task AssertRefusedAsync(string who, long amount, ErrorKind kind, string field, string words, string payer = "")
        {
            var key = Guid.NewGuid().ToString("N");
            var refused = await Trading.RefusedAsync(() => _money.DepositAsync(who, market, amount, key, payer), kind, field);
            Assert.Contains(words, refused.Message);
            var depositId = fixture.Ids.DepositId(who, key);
            Assert.Null(await _money.Deposit(depositId, who).GetAsync());
            Assert.Null(await _money.ListedAsync(depositId));
            // The provider never heard of it: no prompt reached any phone.
            Assert.Equal(0, (await fixture.DescribeAsync(depositId)).RequestAttempts);
        }
    }

    [Theory]
    [InlineData(JournalFault.BeforeWriting)]
    [InlineData(JournalFault.AfterWriting)]
    public async Task A_collected_deposit_the_market_could_not_confirm_is_credited_later_exactly_once(JournalFault fault)
    {
        var (user, phone) = await _t.BuyerAsync("5000");
        var market = fixture.Market;
        var failedBefore = fixture.Journal.FailedAppends(market);
        fixture.Journal.Break(market, fault);
        try
        {
            var started = await _money.DepositAsync(user, market, 4_321, "dep-1");
            // Collected by the provider, but the market could not say whether it saved the credit.
            await Eventually.UntilAsync(() => Task.FromResult(fixture.Journal.FailedAppends(market)), n => n > failedBefore, "the market to fail a write");
            var meanwhile = await _money.Deposit(started.DepositId, user).GetAsync();
            Assert.True(meanwhile!.Status is DepositStatus.Crediting or DepositStatus.Completed, $"collected, so crediting or credited: {meanwhile.Status}");
        }
        finally
        {
            fixture.Journal.Repair(market);
        }

        var done = await _money.FinalAsync((await _money.Deposit(fixture.Ids.DepositId(user, "dep-1"), user).GetAsync())!);
        Assert.Equal(DepositStatus.Completed, done.Status);
        var account = await _money.Book(market).GetAccountAsync(user);
        Assert.Equal((4_321L, 4_321L), (account.MoneyAvailableNgwee, account.DepositedNgwee));
        Assert.Equal((4_321L, 1), (await fixture.LedgerAsync()).For(phone).Payments());
        await _money.AssertBalancedAsync(market);
    }
}
