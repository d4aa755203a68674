using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Many buyers on all three providers at once, through every kind of provider misbehaviour, against the same offers.
/// Whatever the interleaving: energy is neither created nor destroyed, every ngwee collected is a seller's earning or
/// the platform's fee, and what the providers really collected is exactly what the completed trades say.
/// </summary>
public sealed class MixedProviderConservationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const int Sellers = 4;
    private const int Buyers = 45;
    private const long BuyWh = 1_000;

    // Success, refusals (0001, 0002, 0008), lost request (0003), 503s (0005), duplicate/no/stale callbacks
    // (0006, 0007, 0012), late answer (0011), Airtel's bad-hash callback (0013).
    private static readonly string[] Endings = ["5555", "0001", "0003", "0005", "0006", "0007", "0008", "0011", "0012", "0002", "0013", "5555", "0006", "0007", "5555"];
    private static readonly string[] Failing = ["0001", "0002", "0008"];
    private static readonly (string Provider, string Prefix)[] Networks = [("mtn", "96"), ("airtel", "97"), ("zamtel", "95")];

    private ApiClients Api => fixture.Api;

    [Fact]
    public async Task Concurrent_trades_on_all_providers_conserve_energy_and_money_and_match_the_provider_ledgers()
    {
        var market = new Market(Api);
        var operatorToken = await Api.TokenAsync("ops-" + Guid.NewGuid().ToString("N")[..8], "operator");
        var sellers = new List<(string Id, Offer Offer)>();
        for (var s = 0; s < Sellers; s++)
        {
            // Each offer can serve at most 10 of the ~11 buyers aimed at it, so some buyers race for the last energy.
            var (id, _, offer) = await market.SellerWithOfferAsync(generatedWh: 15_000, offerWh: 10_000, pricePerKwh: 1_000 + 150 * s);
            sellers.Add((id, offer));
        }

        var buyers = Enumerable.Range(0, Buyers).Select(i =>
        {
            var (provider, prefix) = Networks[i % Networks.Length];
            var ending = Endings[i % Endings.Length];
            return (Id: ApiClients.NewUserId("buyer"), Provider: provider, Ending: ending, Phone: ApiClients.Phone(prefix, ending), Offer: sellers[i % Sellers].Offer);
        }).ToList();

        // Every buyer verifies their number first (all at once as well): trades collect only from verified phones.
        var tokens = await Task.WhenAll(buyers.Select(async b =>
        {
            var token = await Api.TokenAsync(b.Id);
            await Api.LinkVerifiedPhoneAsync(b.Id, token, b.Phone);
            return (b.Id, Token: token);
        }));

        // All at once: the offers, the wallets and the three providers' clients are hit concurrently.
        var outcomes = await Task.WhenAll(buyers.Select(async b =>
        {
            var token = tokens.Single(t => t.Id == b.Id).Token;
            try
            {
                var started = await Api.Trades.ExecuteTradeAsync(
                    new ExecuteTradeRequest { OfferId = b.Offer.OfferId, PhoneNumber = b.Phone, EnergyWh = BuyWh }, token);
                return (Buyer: b, Trade: (Trade?)await Api.WaitForFinalAsync(started.TradeId, token, TimeSpan.FromSeconds(120)));
            }
            catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.FailedPrecondition
                && (ex.Status.Detail.Contains("remain", StringComparison.Ordinal) || ex.Status.Detail.Contains("no longer for sale", StringComparison.Ordinal) || ex.Status.Detail.Contains("being paid for by other buyers", StringComparison.Ordinal)))
            {
                // The offer was already sold out (or fully reserved) when this buyer came: refused, nothing started.
                return (Buyer: b, Trade: (Trade?)null);
            }
        }));

        var trades = outcomes.Where(o => o.Trade is not null).Select(o => (o.Buyer, Trade: o.Trade!)).ToList();
        var completed = trades.Where(t => t.Trade.Status == "completed").Select(t => t.Trade).ToList();
        Assert.True(completed.Count >= 20, $"only {completed.Count} trades completed");
        foreach (var (buyer, trade) in trades)
        {
            Assert.Equal(buyer.Provider, trade.Network);
            Assert.Equal(Failing.Contains(buyer.Ending) ? "failed" : "completed", trade.Status);
            Assert.Equal(trade.AmountNgwee, trade.SellerNetNgwee + trade.FeeNgwee);
        }

        // Energy: every Wh generated is unsold, on offer, or bought, and offers hold nothing for finished trades.
        long generated = 0, sellerHeld = 0, bought = 0, earnings = 0, spent = 0;
        foreach (var (sellerId, offer) in sellers)
        {
            var wallet = await Api.WalletAsync(sellerId, operatorToken);
            var o = await Api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId });
            var sold = completed.Where(t => t.SellerId == sellerId).ToList();
            Assert.Equal((0L, sold.Sum(t => t.EnergyWh)), (o.PendingWh, o.SoldWh));
            Assert.Equal(o.EnergyWh, o.RemainingWh + o.SoldWh);
            Assert.Equal(o.RemainingWh, wallet.ReservedWh);
            Assert.Equal(sold.Sum(t => t.SellerNetNgwee), wallet.EarningsNgwee);
            generated += wallet.GeneratedWh;
            sellerHeld += wallet.AvailableWh + wallet.ReservedWh;
            earnings += wallet.EarningsNgwee;
        }

        foreach (var (buyer, trade) in outcomes)
        {
            var wallet = await Api.WalletAsync(buyer.Id, operatorToken);
            var done = trade?.Status == "completed";
            Assert.Equal((done ? BuyWh : 0, done ? trade!.AmountNgwee : 0), (wallet.BoughtWh, wallet.SpentNgwee));
            // The verification collected from the buyer's number is theirs, in their balance: nobody's earnings.
            Assert.Equal(ApiClients.VerificationNgwee, wallet.BalanceNgwee);
            bought += wallet.BoughtWh;
            spent += wallet.SpentNgwee;
        }

        Assert.Equal(generated, sellerHeld + bought);
        // Money: Σ collected == Σ seller earnings + Σ fees.
        Assert.Equal(completed.Sum(t => t.AmountNgwee), spent);
        Assert.Equal(spent, earnings + completed.Sum(t => t.FeeNgwee));

        // What each provider really collected from these buyers is exactly the completed trades on it, each once, and
        // one verification per buyer on it.
        foreach (var (provider, _) in Networks)
        {
            var ledger = await fixture.Sandbox.CollectionLedgerAsync(provider);
            var ours = buyers.Where(b => b.Provider == provider).Select(b => b.Phone).ToList();
            var rows = ours.Select(ledger.For).ToList();
            var onProvider = completed.Where(t => t.Network == provider).ToList();
            Assert.Equal((onProvider.Count, onProvider.Sum(t => t.AmountNgwee)), (rows.Sum(r => r.Payments.Count), rows.Sum(r => r.Payments.Ngwee)));
            Assert.All(rows, r => Assert.Equal((1, ApiClients.VerificationNgwee), r.Verifications));
            foreach (var trade in onProvider)
            {
                var tx = (await fixture.Sandbox.CollectionAsync(provider, trade.TradeId)).GetProperty("transaction");
                Assert.Equal((1, trade.AmountNgwee), (tx.GetProperty("completions").GetInt32(), tx.GetProperty("amountNgwee").GetInt64()));
            }
        }

        // Nothing left for the reconciler: every payment reached a definite outcome.
        await Eventually.UntilAsync(
            () => Api.Operator.GetPaymentOverviewAsync(new GetPaymentOverviewRequest(), operatorToken).ResponseAsync,
            overview => overview.Unresolved == 0,
            "the reconciler's list to empty");
    }
}
