using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Tests.Support;
using Xunit;

namespace Enerlectra.Tests.Grains;

/// <summary>
/// Energy and money are neither created nor lost when many trades, failures and cancels race each other.
/// Own class, so its own cluster and sandbox: the sandbox ledger then holds exactly this test's charges.
/// </summary>
public class ConservationTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly Trading _t = new(fixture.Client);

    [Fact]
    public async Task Energy_and_money_are_conserved_under_concurrent_trades_failures_and_cancels()
    {
        var market = Names.Market();
        var sellers = Enumerable.Range(0, 4).Select(_ => Names.User("seller")).ToArray();
        // Each buyer pays from the one phone they verified; its ending picks the sandbox's answer to their payments:
        // approvals mixed with declines (0001), low funds (0008), a lost first request (0003) and a flaky provider (0005).
        string[] endings = ["5000", "0001", "5000", "0003", "0008", "5000", "0005", "0001", "5000", "5000"];
        var buyers = await Task.WhenAll(Enumerable.Range(0, 20).Select(b => _t.BuyerAsync(endings[b % endings.Length])));

        // Metered generation in several readings; one reading is delivered twice, as meters do after a reconnect.
        long generated = 0;
        foreach (var (seller, i) in sellers.Select((s, i) => (s, i)))
        {
            for (var r = 0; r < 3; r++)
            {
                var wh = 6_000 + i * 1_000 + r * 500;
                await _t.Wallet(seller).RecordGenerationAsync($"reading-{r}", wh, "meter");
                generated += wh;
            }

            await _t.Wallet(seller).RecordGenerationAsync("reading-0", 6_000 + i * 1_000, "meter");
        }

        var offers = new List<OfferSnapshot>();
        foreach (var (seller, i) in sellers.Select((s, i) => (s, i)))
        {
            offers.Add(await _t.OfferAsync(seller, 8_000, 900 + i * 37, market));
            offers.Add(await _t.OfferAsync(seller, 6_000, 1_333 + i * 11, market));
        }

        // 60 trades on 8 offers: more demand than supply, so some are refused for lack of energy.
        var started = new System.Collections.Concurrent.ConcurrentBag<TradeSnapshot>();
        var refused = new System.Collections.Concurrent.ConcurrentBag<TradingException>();
        var work = new List<Task>();
        for (var i = 0; i < 60; i++)
        {
            var offer = offers[i % offers.Count];
            var (buyer, payer) = buyers[i % buyers.Length];
            var energy = i % 11 == 0 ? 0 : 1_000 + (i % 5) * 350; // 0 buys whatever remains
            work.Add(Task.Run(async () =>
            {
                try
                {
                    started.Add(await _t.BuyAsync(offer.OfferId, buyer, energy, payer));
                }
                catch (TradingException ex) when (ex.Kind == ErrorKind.FailedPrecondition)
                {
                    refused.Add(ex); // sold out, or cancelled under our feet: a clean refusal, nothing reserved
                }
            }));

            if (i is 10 or 30)
            {
                // Cancels race the trades still arriving on these offers.
                var victim = offers[i == 10 ? 3 : 6];
                work.Add(Task.Run(async () =>
                {
                    try
                    {
                        await _t.Offer(victim.OfferId).CancelAsync(victim.SellerId);
                    }
                    catch (TradingException ex) when (ex.Kind == ErrorKind.FailedPrecondition)
                    {
                        // Already filled by the time the cancel ran.
                    }
                }));
            }
        }

        await Task.WhenAll(work);

        var trades = new List<TradeSnapshot>();
        foreach (var trade in started)
        {
            trades.Add(await _t.FinalAsync(trade.TradeId, TimeSpan.FromSeconds(60)));
        }

        var completed = trades.Where(t => t.Status == TradeStatus.Completed).ToList();
        // The mix must really have exercised both outcomes, or the sums below prove little.
        Assert.NotEmpty(completed);
        Assert.Contains(trades, t => t.Status == TradeStatus.Failed);

        var sellerWallets = await Task.WhenAll(sellers.Select(s => _t.Wallet(s).GetAsync()));
        var buyerWallets = await Task.WhenAll(buyers.Select(b => _t.Wallet(b.Buyer).GetAsync()));
        var offerSnapshots = await Task.WhenAll(offers.Select(o => _t.Offer(o.OfferId).GetAsync()));
        var sellerAccounts = await Task.WhenAll(sellers.Select(s => _t.Book(market).GetAccountAsync(s)));
        var platform = await _t.Platform(market).GetAsync();
        var ledger = await fixture.LedgerAsync();

        // Energy: everything generated is still in a wallet, in the sellers' trading accounts (offered, or back from a
        // cancelled offer), or bought by someone; the market's own books balance.
        Assert.Equal(generated, sellerWallets.Sum(w => w.GeneratedWh));
        Assert.Equal(generated,
            sellerWallets.Sum(w => w.AvailableWh + w.ReservedWh + w.BoughtWh) + buyerWallets.Sum(w => w.AvailableWh + w.ReservedWh + w.BoughtWh)
            + sellerAccounts.Sum(a => a.EnergyAvailableWh + a.EnergyReservedWh));
        Assert.Empty((await _t.Book(market).AuditAsync()).Differences);
        Assert.Equal(completed.Sum(t => t.EnergyWh), buyerWallets.Sum(w => w.BoughtWh));

        // Money: what buyers paid is exactly what sellers earned plus the platform's fees, and exactly what MTN collected
        // for trades; the only other money MTN collected is each buyer's one verification, now in their balance.
        var paid = completed.Sum(t => t.AmountNgwee);
        Assert.All(trades, t => Assert.Equal(t.AmountNgwee, t.SellerNetNgwee + t.FeeNgwee));
        Assert.Equal(paid, sellerWallets.Sum(w => w.EarningsNgwee) + platform.FeesNgwee);
        Assert.Equal(paid, buyerWallets.Sum(w => w.SpentNgwee));
        Assert.Equal(completed.Count, platform.TradeCount);
        var verified = buyers.Length * Trading.VerificationNgwee;
        Assert.Equal((verified, buyers.Length), (ledger.VerificationCollectedNgwee, ledger.VerificationCharges));
        Assert.Equal(verified, (await Task.WhenAll(buyers.Select(b => _t.BalanceAsync(b.Buyer)))).Sum());
        Assert.Equal(paid + verified, ledger.TotalCollectedNgwee);
        Assert.Equal(completed.Count + buyers.Length, ledger.SuccessfulCharges);
        Assert.Equal(buyers.Length, ledger.Payers.Count);
        foreach (var (_, payer) in buyers)
        {
            var fromPhone = completed.Where(t => t.PayerMsisdn == "+" + payer).ToList();
            Assert.Equal((fromPhone.Sum(t => t.AmountNgwee), fromPhone.Count), ledger.For(payer).Payments());
            Assert.Equal((Trading.VerificationNgwee, 1), ledger.For(payer).Verifications());
        }

        // Each offer accounts for all of its energy, nothing is left pending, and the trading accounts agree with the offers.
        foreach (var offer in offerSnapshots)
        {
            Assert.Equal(offer.EnergyWh, offer.RemainingWh + offer.PendingWh + offer.SoldWh + offer.ReleasedWh);
            Assert.Equal(0, offer.PendingWh);
            Assert.Equal(completed.Where(t => t.OfferId == offer.OfferId).Sum(t => t.EnergyWh), offer.SoldWh);
        }

        foreach (var account in sellerAccounts)
        {
            Assert.Equal(offerSnapshots.Where(o => o.SellerId == account.UserId).Sum(o => o.RemainingWh + o.PendingWh), account.EnergyReservedWh);
        }

        // The raced offers ended closed one way or the other: cancelled, or sold out before the cancel arrived.
        Assert.All(new[] { offerSnapshots[3], offerSnapshots[6] }, o => Assert.Contains(o.Status, new[] { OfferStatus.Cancelled, OfferStatus.Filled }));
    }
}
