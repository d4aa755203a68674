using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.PhoneVerifications;
using Enerlectra.Tests.Support;
using Xunit;

namespace Enerlectra.Tests.Grains;

/// <summary>
/// A verification's collected amount goes to the user's balance in the default market, exactly once: also when the
/// market could not say whether it saved it (the wallet keeps it owed and the verification, still on the reconciler's
/// list, asks again until the market confirms).
/// </summary>
[Collection(MoneyCollection.Name)]
public sealed class VerificationDepositTests(MoneyClusterFixture fixture)
{
    private readonly Trading _t = new(fixture.Client);
    private readonly MoneyMoves _money = new(fixture);

    [Fact]
    public async Task The_verification_amount_is_deposited_into_the_default_market_against_the_networks_clearing_account()
    {
        var user = Names.User("user");
        var phone = Names.Payer("5000");

        var verified = await _t.LinkVerifiedPhoneAsync(user, phone);

        var account = await _money.Book(Ids.DefaultMarket).GetAccountAsync(user);
        Assert.Equal((Trading.VerificationNgwee, Trading.VerificationNgwee), (account.MoneyAvailableNgwee, account.DepositedNgwee));
        Assert.Equal((Trading.VerificationNgwee, 1), (await fixture.LedgerAsync()).For(phone).Verifications());
        // Booked as money that came in over MTN: the report's money entries still sum to zero.
        await _money.AssertBalancedAsync(Ids.DefaultMarket);
        Assert.Equal(PhoneVerificationStatus.Verified, verified.PhoneVerification!.Status);
    }

    [Theory]
    [InlineData(JournalFault.BeforeWriting)]
    [InlineData(JournalFault.AfterWriting)]
    public async Task A_verification_amount_the_market_could_not_confirm_is_deposited_later_exactly_once(JournalFault fault)
    {
        var user = Names.User("user");
        var phone = Names.Payer("5000");
        var market = Ids.DefaultMarket;
        var failedBefore = fixture.Journal.FailedAppends(market);
        fixture.Journal.Break(market, fault);
        try
        {
            await _t.Wallet(user).SetPhoneAsync(phone, null);
            // The number is linked (the wallet saved the verification with the amount owed), but the market failed.
            await Eventually.UntilAsync(() => _t.Wallet(user).GetAsync(), w => w.PhoneNumber is not null, "the number to be linked");
            await Eventually.UntilAsync(() => Task.FromResult(fixture.Journal.FailedAppends(market)), n => n > failedBefore, "the market to fail the deposit's write");
        }
        finally
        {
            fixture.Journal.Repair(market);
        }

        await Eventually.UntilAsync(() => _t.BalanceAsync(user), b => b > 0, "the verification amount to reach the balance");
        var verificationId = (await _t.Wallet(user).GetAsync()).PhoneVerification!.VerificationId;
        await Eventually.UntilAsync(async () => await _money.ListedAsync(verificationId) is null, "the verification to leave the reconciler's list");
        var account = await _money.Book(market).GetAccountAsync(user);
        Assert.Equal((Trading.VerificationNgwee, Trading.VerificationNgwee), (account.MoneyAvailableNgwee, account.DepositedNgwee));
        Assert.Equal((Trading.VerificationNgwee, 1), (await fixture.LedgerAsync()).For(phone).Verifications());
        await _money.AssertBalancedAsync(market);
    }
}
