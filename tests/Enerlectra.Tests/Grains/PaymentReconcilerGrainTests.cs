using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Tests.Support;
using Xunit;

namespace Enerlectra.Tests.Grains;

/// <summary>The reconciler's list as the operator view reads it: what is open, what is unknown, how things ended.</summary>
public sealed class PaymentReconcilerGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Tracks_unknown_outcomes_and_counts_how_payments_and_payouts_end()
    {
        // A dedicated shard number outside the ones trades use, so other tests' payments never show up here.
        var shard = fixture.Client.GetGrain<IPaymentReconcilerGrain>(PaymentReconcilers.Shards + 100);
        Guid payment = Guid.NewGuid(), payout = Guid.NewGuid(), verification = Guid.NewGuid();

        await shard.TrackAsync(payment, MobileNetwork.Airtel);
        await shard.TrackPayoutAsync(payout, "seller-1", MobileNetwork.Mtn);
        await shard.TrackPhoneVerificationAsync(verification, "user-1", MobileNetwork.Zamtel);
        await shard.TrackAsync(payment, MobileNetwork.Airtel); // repeated: still one entry
        await shard.TrackPhoneVerificationAsync(verification, "user-1", MobileNetwork.Zamtel);
        await shard.MarkOutcomeUnknownAsync(payment, true);

        var pending = await shard.GetPendingAsync();
        Assert.Equal(3, pending.Count);
        var open = pending.Single(p => p.TradeId == payment);
        Assert.Equal((PendingKind.Collection, MobileNetwork.Airtel, true), (open.Kind, open.Network, open.OutcomeUnknown));
        var owed = pending.Single(p => p.TradeId == payout);
        Assert.Equal((PendingKind.Payout, "seller-1", false), (owed.Kind, owed.Owner, owed.OutcomeUnknown));
        // What a callback's reference stands for, and whose it is.
        var linking = await shard.FindAsync(verification);
        Assert.Equal((PendingKind.PhoneVerification, "user-1", MobileNetwork.Zamtel), (linking!.Kind, linking.Owner, linking.Network));
        Assert.Null(await shard.FindAsync(Guid.NewGuid()));

        await shard.MarkOutcomeUnknownAsync(payment, false);
        Assert.False((await shard.GetPendingAsync()).Single(p => p.TradeId == payment).OutcomeUnknown);

        await shard.UntrackAsync(payment, failed: true);
        await shard.UntrackAsync(payout, failed: false);
        await shard.UntrackAsync(payout, failed: true); // already gone: not counted again
        await shard.UntrackAsync(verification, failed: false);
        Assert.Empty(await shard.GetPendingAsync());
        Assert.Null(await shard.FindAsync(verification));
        var resolved = await shard.GetResolvedAsync();
        Assert.Equal(3, resolved.Count);
        Assert.Contains(new ResolvedCount(PendingKind.PhoneVerification, MobileNetwork.Zamtel, false, 1), resolved);
        Assert.Contains(new ResolvedCount(PendingKind.Collection, MobileNetwork.Airtel, true, 1), resolved);
        Assert.Contains(new ResolvedCount(PendingKind.Payout, MobileNetwork.Mtn, false, 1), resolved);
    }

    [Fact]
    public async Task A_completed_wallet_payment_checked_again_after_a_reorganisation_is_counted_once()
    {
        var shard = fixture.Client.GetGrain<IPaymentReconcilerGrain>(PaymentReconcilers.Shards + 101);
        var payment = Guid.NewGuid();
        await shard.TrackWalletPaymentAsync(payment);
        await shard.UntrackAsync(payment, failed: false);

        // Its block was replaced: listed again while the chain is checked, then done again.
        await shard.TrackWalletPaymentAsync(payment, recheck: true);
        Assert.True((await shard.FindAsync(payment))!.Recheck);
        await shard.UntrackAsync(payment, failed: false);

        Assert.Empty(await shard.GetPendingAsync());
        Assert.Equal([new ResolvedCount(PendingKind.WalletPayment, default, false, 1)], await shard.GetResolvedAsync());
    }
}
