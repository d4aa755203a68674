using Enerlectra.Abstractions.Chain;
using Enerlectra.Api.V1;
using Enerlectra.Chain;
using Enerlectra.Chain.Contracts;
using Enerlectra.Grains.Chain;
using Enerlectra.ChainIntegration.Tests.Support;
using Enerlectra.Testing;
using Microsoft.Extensions.DependencyInjection;
using System.Numerics;

namespace Enerlectra.ChainIntegration.Tests;

/// <summary>Mirroring to the chain is durable: an outage only delays it, a silo restart does not lose it.</summary>
public sealed class MirrorTests(DeployedChain chain) : ChainTestBase(chain)
{
    private string Trading => Chain.Settings[ChainOptions.EnergyTradingAddressKey];

    [Fact]
    public async Task Offers_and_a_mobile_money_trade_made_while_the_chain_is_gone_are_mirrored_once_it_is_back()
    {
        await using var proxy = await RpcProxy.StartAsync(TestChain.RpcUrl);
        await using var world = await HybridWorld.StartAsync(Chain, new Dictionary<string, string?> { ["BLOCKCHAIN_RPC_URL"] = proxy.Url });
        var seller = HybridWorld.NewUser("seller");
        var buyer = HybridWorld.NewUser("buyer");
        var phone = HybridWorld.NewMtnPhone();
        await world.LinkVerifiedPhoneAsync(buyer, phone);

        proxy.GoAway();
        var first = await world.OfferAsync(seller, 3_000, 1_000, waitUntilOnChain: false);
        var second = await world.OfferAsync(seller, 2_000, 1_500, waitUntilOnChain: false);
        Assert.False(first.PayableFromWallet);
        Assert.False(second.PayableFromWallet);

        // Mobile money does not need the chain.
        var started = await world.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = first.OfferId, EnergyWh = 1_000, PhoneNumber = phone }, await world.AuthAsync(buyer));
        Assert.Equal("mobile_money", started.PaymentMethod);
        var trade = await world.WaitForTradeAsync(buyer, started.TradeId, t => t.Status == "completed", "the mobile money trade to complete");
        Assert.Equal((1, trade.AmountNgwee), await world.MtnCollectedAsync(phone));

        var stuck = await Eventually.UntilAsync(async () => (await world.StatusAsync()).Sync,
            s => s.PendingMirrorJobs >= 2 && s.LastError != "", "the mirror jobs to wait for the chain");
        Assert.True(stuck.PendingMirrorJobs >= 2, $"pending: {stuck.PendingMirrorJobs}");
        Assert.NotEqual("", stuck.LastError);
        Assert.False((await world.WaitForOfferAsync(first.OfferId, _ => true, "the first offer")).PayableFromWallet);

        proxy.Heal();

        var drained = await Eventually.UntilAsync(async () => (await world.StatusAsync()).Sync,
            s => s.PendingMirrorJobs == 0, "the mirror queue to drain", TimeSpan.FromSeconds(60));
        Assert.Equal(0, drained.PendingMirrorJobs);
        Assert.True(drained.MirrorJobsCompleted >= 3, $"completed: {drained.MirrorJobsCompleted}");
        Assert.Equal(0, drained.MirrorJobsGivenUp);
        var firstAfter = await world.WaitForOfferAsync(first.OfferId, o => o.PayableFromWallet, "the first offer to be mirrored");
        var secondAfter = await world.WaitForOfferAsync(second.OfferId, o => o.PayableFromWallet, "the second offer to be mirrored");
        Assert.Equal(2_000, firstAfter.RemainingWh);
        Assert.Equal(2_000, secondAfter.RemainingWh);

        using var client = Chain.Client();
        var firstOnChain = await client.QueryValueAsync<OfferIdForServerOfferFunction, BigInteger>(Trading,
            new OfferIdForServerOfferFunction { ServerOfferId = ChainIds.ToBytes32(Guid.Parse(first.OfferId)) });
        var secondOnChain = await client.QueryValueAsync<OfferIdForServerOfferFunction, BigInteger>(Trading,
            new OfferIdForServerOfferFunction { ServerOfferId = ChainIds.ToBytes32(Guid.Parse(second.OfferId)) });
        Assert.False(firstOnChain.IsZero);
        Assert.False(secondOnChain.IsZero);
        Assert.NotEqual(firstOnChain, secondOnChain);
        Assert.True(await client.QueryValueAsync<IsReferenceUsedFunction, bool>(Trading,
            new IsReferenceUsedFunction { MobileMoneyRef = Guid.Parse(trade.TradeId).ToString("N") }));
    }

    [Fact]
    public async Task A_mobile_money_trade_that_settles_after_its_offer_was_cancelled_is_recorded_before_the_close()
    {
        await using var world = await HybridWorld.StartAsync(Chain);
        var seller = HybridWorld.NewUser("seller");
        var buyer = HybridWorld.NewUser("buyer");
        // The sandbox leaves a payment from a number ending 0004 pending until it is approved through its control API.
        var phone = HybridWorld.NewMtnPhone("0004");
        await world.LinkVerifiedPhoneAsync(buyer, phone);
        var offer = await world.OfferAsync(seller, 3_000, 1_000);
        var baseline = (await world.StatusAsync()).Sync;

        var started = await world.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 1_000, PhoneNumber = phone, PaymentMethod = "mobile_money" }, await world.AuthAsync(buyer));
        Assert.Equal("payment_pending", started.Status);
        // The seller withdraws the offer while the buyer is still approving: the sale already under way goes ahead.
        await world.Offers.CancelOfferAsync(new CancelOfferRequest { OfferId = offer.OfferId }, await world.AuthAsync(seller));
        await world.ApproveMtnAsync(started.TradeId);
        await world.WaitForTradeAsync(buyer, started.TradeId, t => t.Status == "completed", "the trade to complete");

        var drained = await Eventually.UntilAsync(async () => (await world.StatusAsync()).Sync,
            s => s.PendingMirrorJobs == 0 && s.MirrorJobsCompleted > baseline.MirrorJobsCompleted + 1, "the mirror queue to drain", TimeSpan.FromSeconds(60));
        Assert.Equal(baseline.MirrorJobsGivenUp, drained.MirrorJobsGivenUp);
        using var client = Chain.Client();
        Assert.True(await client.QueryValueAsync<IsReferenceUsedFunction, bool>(Trading,
            new IsReferenceUsedFunction { MobileMoneyRef = Guid.Parse(started.TradeId).ToString("N") }));
    }

    [Fact]
    public async Task A_trade_queued_for_its_record_while_still_settling_waits_for_it_and_a_failed_one_needs_none()
    {
        await using var world = await HybridWorld.StartAsync(Chain);
        var seller = HybridWorld.NewUser("seller");
        var buyer = HybridWorld.NewUser("buyer");
        var pendingPhone = HybridWorld.NewMtnPhone("0004");
        var rejectingPhone = HybridWorld.NewMtnPhone("0001");
        await world.LinkVerifiedPhoneAsync(buyer, pendingPhone);
        var offer = await world.OfferAsync(seller, 3_000, 1_000);
        var baseline = (await world.StatusAsync()).Sync;
        var mirror = world.Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IChainMirrorGrain>(ChainGrains.SingletonKey);

        var pending = await world.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 1_000, PhoneNumber = pendingPhone, PaymentMethod = "mobile_money" }, await world.AuthAsync(buyer));
        Assert.Equal("payment_pending", pending.Status);
        // What a settlement whose save failed leaves behind (it queues the record before completing, then retries).
        await mirror.EnqueueTradeAsync(Guid.Parse(pending.TradeId));
        var waiting = await mirror.RunNowAsync();
        Assert.Equal(1, waiting.Pending);
        Assert.Equal(baseline.MirrorJobsGivenUp, waiting.GivenUp);

        await world.LinkVerifiedPhoneAsync(buyer, rejectingPhone);
        var rejected = await world.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 500, PhoneNumber = rejectingPhone, PaymentMethod = "mobile_money" }, await world.AuthAsync(buyer));
        await world.WaitForTradeAsync(buyer, rejected.TradeId, t => t.Status == "failed", "the declined trade to fail");
        await mirror.EnqueueTradeAsync(Guid.Parse(rejected.TradeId));

        await world.ApproveMtnAsync(pending.TradeId);
        await world.WaitForTradeAsync(buyer, pending.TradeId, t => t.Status == "completed", "the trade to complete");
        var drained = await Eventually.UntilAsync(async () => (await world.StatusAsync()).Sync,
            s => s.PendingMirrorJobs == 0, "the mirror queue to drain", TimeSpan.FromSeconds(60));
        Assert.Equal(baseline.MirrorJobsGivenUp, drained.MirrorJobsGivenUp);
        using var client = Chain.Client();
        Assert.True(await client.QueryValueAsync<IsReferenceUsedFunction, bool>(Trading,
            new IsReferenceUsedFunction { MobileMoneyRef = Guid.Parse(pending.TradeId).ToString("N") }));
        Assert.False(await client.QueryValueAsync<IsReferenceUsedFunction, bool>(Trading,
            new IsReferenceUsedFunction { MobileMoneyRef = Guid.Parse(rejected.TradeId).ToString("N") }));
    }

    [Theory]
    [InlineData(1)]    // the listener has read the record's block: it undoes it from its journal
    [InlineData(20)]   // the listener is 20 blocks behind and never reads the replaced block: its watch catches it
    public async Task A_mobile_money_trade_record_a_reorganisation_drops_is_written_again(int listenerConfirmations)
    {
        await using var world = await HybridWorld.StartAsync(Chain, new Dictionary<string, string?> { ["Blockchain:ListenerConfirmations"] = listenerConfirmations.ToString() });
        var seller = HybridWorld.NewUser("seller");
        var buyer = HybridWorld.NewUser("buyer");
        var phone = HybridWorld.NewMtnPhone();
        await world.LinkVerifiedPhoneAsync(buyer, phone);
        var offer = await world.OfferAsync(seller, 3_000, 1_000);
        using var client = Chain.Client();

        // Only the trade's record comes after the fork; the offer's mirror stays.
        var fork = await ChainFork.MarkAsync();
        var started = await world.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 1_000, PhoneNumber = phone, PaymentMethod = "mobile_money" }, await world.AuthAsync(buyer));
        await world.WaitForTradeAsync(buyer, started.TradeId, t => t.Status == "completed", "the trade to complete");
        var reference = new IsReferenceUsedFunction { MobileMoneyRef = Guid.Parse(started.TradeId).ToString("N") };
        await Eventually.UntilAsync(() => client.QueryValueAsync<IsReferenceUsedFunction, bool>(Trading, reference), used => used, "the trade to be recorded on the chain");
        await world.SyncAsync();

        await fork.ReplaceWithLongerBranchAsync(longerBy: 3 + listenerConfirmations);
        Assert.False(await client.QueryValueAsync<IsReferenceUsedFunction, bool>(Trading, reference));

        await world.SyncAsync();
        await Eventually.UntilAsync(() => client.QueryValueAsync<IsReferenceUsedFunction, bool>(Trading, reference), used => used,
            "the trade to be recorded on the chain again", TimeSpan.FromSeconds(60));
        Assert.Equal(0, (await world.StatusAsync()).Sync.MirrorJobsGivenUp);
    }

    [Fact]
    public async Task A_mobile_money_trade_record_a_reorganisation_puts_behind_its_offers_close_is_written_again_without_the_offer()
    {
        await using var world = await HybridWorld.StartAsync(Chain);
        var seller = HybridWorld.NewUser("seller");
        var buyer = HybridWorld.NewUser("buyer");
        var phone = HybridWorld.NewMtnPhone();
        await world.LinkVerifiedPhoneAsync(buyer, phone);
        var offer = await world.OfferAsync(seller, 3_000, 1_000);
        using var client = Chain.Client();
        var chainOfferId = await client.QueryValueAsync<OfferIdForServerOfferFunction, BigInteger>(Trading,
            new OfferIdForServerOfferFunction { ServerOfferId = ChainIds.ToBytes32(Guid.Parse(offer.OfferId)) });

        var fork = await ChainFork.MarkAsync();
        var started = await world.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, EnergyWh = 1_000, PhoneNumber = phone, PaymentMethod = "mobile_money" }, await world.AuthAsync(buyer));
        await world.WaitForTradeAsync(buyer, started.TradeId, t => t.Status == "completed", "the trade to complete");
        var reference = new IsReferenceUsedFunction { MobileMoneyRef = Guid.Parse(started.TradeId).ToString("N") };
        await Eventually.UntilAsync(() => client.QueryValueAsync<IsReferenceUsedFunction, bool>(Trading, reference), used => used, "the trade to be recorded on the chain");
        await world.SyncAsync();
        var baseline = (await world.StatusAsync()).Sync;

        await fork.ReplaceWithLongerBranchAsync();
        Assert.False(await client.QueryValueAsync<IsReferenceUsedFunction, bool>(Trading, reference));

        // On a real chain the replaced blocks' transactions go back to the pool and may be mined again in another
        // order: here the offer's close lands on the new branch before the record, so the mirror can take the record
        // no more; the close returned all 3,000 Wh. It goes out through the server's own rail: the operator's key
        // has one sender, whose nonces a second sender would break for the server and every test after this one.
        await world.Gateway.Services.GetRequiredService<ChainRail>().CancelOfferAsync((long)chainOfferId);
        var closed = (await client.QueryAsync<GetOfferFunction, GetOfferOutput>(Trading, new GetOfferFunction { OfferId = chainOfferId })).Offer;
        Assert.Equal(ChainOfferStatus.Cancelled, closed.Status);
        Assert.Equal(3_000, (long)closed.EnergyAmount);

        await world.SyncAsync();
        await Eventually.UntilAsync(() => client.QueryValueAsync<IsReferenceUsedFunction, bool>(Trading, reference), used => used,
            "the trade to be recorded on the chain again", TimeSpan.FromSeconds(60));
        var drained = await Eventually.UntilAsync(async () => (await world.StatusAsync()).Sync, s => s.PendingMirrorJobs == 0, "the mirror queue to drain");
        Assert.Equal(baseline.MirrorJobsGivenUp, drained.MirrorJobsGivenUp);
        // The mirror stays as it was closed: the record came out of the inventory its close had filled.
        Assert.Equal(ChainOfferStatus.Cancelled,
            (await client.QueryAsync<GetOfferFunction, GetOfferOutput>(Trading, new GetOfferFunction { OfferId = chainOfferId })).Offer.Status);
    }

    [Fact]
    public async Task A_paused_contract_delays_mirroring_without_skipping_anything()
    {
        await using var world = await HybridWorld.StartAsync(Chain);
        using var admin = Chain.Client();
        await admin.SendAsync(Trading, new PauseFunction());
        var offer = await world.OfferAsync(HybridWorld.NewUser("seller"), 2_000, 1_000, waitUntilOnChain: false);

        var waiting = await Eventually.UntilAsync(async () => (await world.StatusAsync()).Sync,
            s => s.LastError.Contains("EnforcedPause"), "the mirror to report the pause");
        Assert.Equal((1, 0L), (waiting.PendingMirrorJobs, waiting.MirrorJobsGivenUp));
        Assert.False((await world.WaitForOfferAsync(offer.OfferId, _ => true, "the offer")).PayableFromWallet);

        await admin.SendAsync(Trading, new UnpauseFunction());
        var mirrored = await world.WaitForOfferAsync(offer.OfferId, o => o.PayableFromWallet, "the offer to be mirrored once unpaused", TimeSpan.FromSeconds(60));
        Assert.Equal(2_000, mirrored.RemainingWh);
        var done = await Eventually.UntilAsync(async () => (await world.StatusAsync()).Sync, s => s.PendingMirrorJobs == 0, "the queue to drain");
        Assert.Equal((0L, ""), (done.MirrorJobsGivenUp, done.LastError));
    }

    [Fact]
    public async Task A_mirror_job_queued_before_a_silo_restart_is_done_by_the_next_silo_and_the_listener_resumes_from_its_checkpoint()
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        try
        {
            await using var proxy = await RpcProxy.StartAsync(TestChain.RpcUrl);
            var overrides = new Dictionary<string, string?>
            {
                ["BLOCKCHAIN_RPC_URL"] = proxy.Url,
                ["Postgres:ConnectionString"] = database.ConnectionString,
            };
            var seller = HybridWorld.NewUser("seller");
            string offerId;
            ChainSync beforeRestart;
            await using (var world = await HybridWorld.StartAsync(Chain, overrides))
            {
                // A direct on-chain offer the listener records before the restart.
                await DirectChain.CreateOfferAsync(Chain, TestChain.StrangerKey, 1_000, 2_000);
                var synced = (await world.SyncAsync()).Sync;
                Assert.Equal(1, synced.OffersRecorded);

                proxy.GoAway();
                var offer = await world.OfferAsync(seller, 4_000, 1_200, waitUntilOnChain: false);
                offerId = offer.OfferId;
                beforeRestart = await Eventually.UntilAsync(async () => (await world.StatusAsync()).Sync,
                    s => s.PendingMirrorJobs >= 1 && s.LastError != "", "the offer's mirror to be pending");
                Assert.False((await world.WaitForOfferAsync(offerId, _ => true, "the offer")).PayableFromWallet);
            }

            proxy.Heal();
            await using (var world = await HybridWorld.StartAsync(Chain, overrides))
            {
                // No request about the offer: the restarted mirror finds its durable queue and finishes it.
                var mirrored = await world.WaitForOfferAsync(offerId, o => o.PayableFromWallet, "the offer to be mirrored after the restart", TimeSpan.FromSeconds(60));
                Assert.Equal(4_000, mirrored.RemainingWh);
                Assert.Equal(seller, mirrored.SellerId);
                using var client = Chain.Client();
                Assert.False((await client.QueryValueAsync<OfferIdForServerOfferFunction, BigInteger>(Trading,
                    new OfferIdForServerOfferFunction { ServerOfferId = ChainIds.ToBytes32(Guid.Parse(offerId)) })).IsZero);

                var after = await Eventually.UntilAsync(async () => (await world.StatusAsync()).Sync,
                    s => s.PendingMirrorJobs == 0, "the mirror queue to drain");
                Assert.True(after.LastProcessedBlock >= beforeRestart.LastProcessedBlock,
                    $"after the restart at {after.LastProcessedBlock}, before at {beforeRestart.LastProcessedBlock}");
                // The listener's state came back: what it recorded before is still counted, once.
                Assert.Equal(1, after.OffersRecorded);

                // And it goes on from there: a new direct offer is recorded as the second.
                await DirectChain.CreateOfferAsync(Chain, TestChain.StrangerKey, 1_500, 2_000);
                var resumed = (await world.SyncAsync()).Sync;
                Assert.Equal(2, resumed.OffersRecorded);
                Assert.Equal(0, resumed.Reorganisations);
            }
        }
        finally
        {
            await database.DisposeAsync();
        }
    }
}
