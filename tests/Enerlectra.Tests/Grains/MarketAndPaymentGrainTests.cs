using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Pricing;
using Enerlectra.Grains.Market;
using Enerlectra.Tests.Support;
using Xunit;

namespace Enerlectra.Tests.Grains;

public class MarketAndPaymentGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly Trading _t = new(fixture.Client);

    [Fact]
    public async Task Market_lists_cheapest_first_and_pages()
    {
        var market = Names.Market();
        var seller = await _t.SellerWithAsync(20_000);
        // Created one after another, so equal prices are ordered by creation time.
        var p300 = await _t.OfferAsync(seller, 1_000, 300, market);
        var p100a = await _t.OfferAsync(seller, 1_000, 100, market);
        var p200 = await _t.OfferAsync(seller, 1_000, 200, market);
        var p100b = await _t.OfferAsync(seller, 1_000, 100, market);
        var grain = fixture.Client.GetGrain<IMarketGrain>(market);

        var first = await grain.ListOffersAsync(2, null);
        Assert.Equal([p100a.OfferId, p100b.OfferId], first.Offers.Select(o => o.OfferId).ToArray());
        Assert.Equal(4, first.TotalOpen);
        Assert.NotEmpty(first.NextPageToken);

        var second = await grain.ListOffersAsync(2, first.NextPageToken);
        Assert.Equal([p200.OfferId, p300.OfferId], second.Offers.Select(o => o.OfferId).ToArray());
        Assert.Equal(string.Empty, second.NextPageToken);

        // A cancelled offer leaves the list.
        await _t.Offer(p100a.OfferId).CancelAsync(seller);
        var after = await grain.ListOffersAsync(0, null);
        Assert.Equal([p100b.OfferId, p200.OfferId, p300.OfferId], after.Offers.Select(o => o.OfferId).ToArray());

        await Trading.RefusedAsync(() => grain.ListOffersAsync(OfferIndex.MaxPageSize + 1, null), ErrorKind.InvalidArgument, "pageSize");
        await Trading.RefusedAsync(() => grain.ListOffersAsync(10, "not-a-token"), ErrorKind.InvalidArgument, "pageToken");
    }

    [Fact]
    public async Task Approved_payment_completes_and_settles_every_account()
    {
        var market = Names.Market();
        var seller = await _t.SellerWithAsync(5_000);
        var offer = await _t.OfferAsync(seller, 4_000, 5_000, market);
        var (buyer, payer) = await _t.BuyerAsync("5000");

        var started = await _t.BuyAsync(offer.OfferId, buyer, 2_000, payer);
        Assert.Equal(TradeStatus.PaymentPending, started.Status);
        var price = TradePricing.Price(2_000, 5_000, 25);
        Assert.Equal((price.AmountNgwee, price.FeeNgwee, price.SellerNetNgwee), (started.AmountNgwee, started.FeeNgwee, started.SellerNetNgwee));
        Assert.Equal(10_000, price.AmountNgwee);
        Assert.Equal(25, price.FeeNgwee);

        var done = await _t.FinalAsync(started.TradeId);
        Assert.Equal(TradeStatus.Completed, done.Status);
        Assert.Equal(PaymentState.Successful, done.PaymentState);
        Assert.NotNull(done.ProviderTransactionId);

        var sellerWallet = await _t.Wallet(seller).GetAsync();
        Assert.Equal(price.AmountNgwee - price.FeeNgwee, sellerWallet.EarningsNgwee);
        Assert.Equal((1_000, 2_000), await _t.EnergyAsync(seller, market));
        // The sold energy left the market for the buyer's wallet; the market's books still balance.
        Assert.Empty((await _t.Book(market).AuditAsync()).Differences);
        var buyerWallet = await _t.Wallet(buyer).GetAsync();
        Assert.Equal(2_000, buyerWallet.BoughtWh);
        Assert.Equal(price.AmountNgwee, buyerWallet.SpentNgwee);
        var platform = await _t.Platform(market).GetAsync();
        Assert.Equal(price.FeeNgwee, platform.FeesNgwee);
        Assert.Equal(1, platform.TradeCount);

        // Charged once for the trade; the number's verification (credited to the buyer's balance) is the only other charge.
        var charged = (await fixture.LedgerAsync()).For(payer);
        Assert.Equal((price.AmountNgwee, 1), charged.Payments());
        Assert.Equal((Trading.VerificationNgwee, 1), charged.Verifications());
        Assert.Equal(Trading.VerificationNgwee, await _t.BalanceAsync(buyer));

        var events = await fixture.Client.GetGrain<IMarketGrain>(market).GetEventsAfterAsync(0, 100);
        Assert.Single(events.Events, e => e.Kind == MarketEventKind.TradeCompleted && e.TradeId == started.TradeId);
    }

    [Fact]
    public async Task A_bot_order_filling_an_offer_updates_the_listing_and_the_event_log()
    {
        var market = Names.Market();
        var seller = await _t.SellerWithAsync(5_000);
        var offer = await _t.OfferAsync(seller, 3_000, 1_000, market);
        var grain = fixture.Client.GetGrain<IMarketGrain>(market);
        Assert.Contains((await grain.ListOffersAsync(10, null)).Offers, o => o.OfferId == offer.OfferId);

        // A bot buys the whole offer on the book: nobody calls the offer, yet the market lists and logs the change.
        await _t.Book(market).DepositAsync("bot", 10_000, "d-1", "mtn");
        var fill = await _t.Book(market).PlaceOrderAsync(new Exchange.Model.OrderSpec("bot", "b-1", Exchange.Model.Side.Buy, 3_000, 1_000));
        Assert.Equal(3_000, fill.Trades.Sum(t => t.QuantityWh));
        var filled = await _t.Offer(offer.OfferId).GetAsync();
        Assert.Equal((OfferStatus.Filled, 0L, 3_000L), (filled.Status, filled.RemainingWh, filled.SoldWh));
        Assert.DoesNotContain((await grain.ListOffersAsync(10, null)).Offers, o => o.OfferId == offer.OfferId);

        // The log is written in the background; its events come in order, once: created, then filled.
        var events = await Eventually.UntilAsync(
            () => grain.GetEventsAfterAsync(0, 100), r => r.Events.Any(e => e.OfferId == offer.OfferId && e.Status == "filled"), "the offer's fill in the event log");
        Assert.Equal(
            [(MarketEventKind.OfferCreated, "open", 3_000L), (MarketEventKind.OfferUpdated, "filled", 0L)],
            events.Events.Where(e => e.OfferId == offer.OfferId).Select(e => (e.Kind, e.Status, e.RemainingWh)));
    }

    [Theory]
    [InlineData("0001")] // the payer declines on their phone
    [InlineData("0008")] // not enough funds
    public async Task Failed_payment_puts_the_energy_back_on_the_offer(string scenario)
    {
        var market = Names.Market();
        var seller = await _t.SellerWithAsync(5_000);
        var offer = await _t.OfferAsync(seller, 3_000, 1_000, market);
        var (buyer, payer) = await _t.BuyerAsync(scenario);

        var started = await _t.BuyAsync(offer.OfferId, buyer, 2_000, payer);
        Assert.Equal(1_000, (await _t.Offer(offer.OfferId).GetAsync()).RemainingWh);

        var done = await _t.FinalAsync(started.TradeId);
        Assert.Equal(TradeStatus.Failed, done.Status);
        Assert.Equal(PaymentState.Failed, done.PaymentState);
        Assert.False(string.IsNullOrWhiteSpace(done.FailureReason));

        var back = await _t.Offer(offer.OfferId).GetAsync();
        Assert.Equal(3_000, back.RemainingWh);
        Assert.Equal(0, back.PendingWh);
        Assert.Equal(OfferStatus.Open, back.Status);
        Assert.Equal(0, (await _t.Wallet(buyer).GetAsync()).BoughtWh);
        Assert.Equal(0, (await _t.Wallet(seller).GetAsync()).EarningsNgwee);
        Assert.Equal(0, (await _t.Platform(market).GetAsync()).FeesNgwee);
        var charged = (await fixture.LedgerAsync()).For(payer);
        Assert.Equal((0L, 0), charged.Payments());
        Assert.Equal((Trading.VerificationNgwee, 1), charged.Verifications());
    }

    [Fact]
    public async Task A_lost_request_is_resubmitted_and_charged_exactly_once()
    {
        var seller = await _t.SellerWithAsync(5_000);
        var offer = await _t.OfferAsync(seller, 3_000, 1_000, Names.Market());
        var (buyer, payer) = await _t.BuyerAsync("0003");

        var started = await _t.BuyAsync(offer.OfferId, buyer, 1_000, payer);
        var done = await _t.FinalAsync(started.TradeId);
        Assert.Equal(TradeStatus.Completed, done.Status);

        var reference = await fixture.DescribeAsync(started.TradeId);
        Assert.True(reference.RequestAttempts >= 2, "the first arrival was lost, so completing needs a resubmission");
        Assert.NotNull(reference.Transaction);
        Assert.Equal(1, reference.Transaction!.ChargeCount);
        Assert.Equal((done.AmountNgwee, 1), (await fixture.LedgerAsync()).For(payer).Payments());
    }

    [Fact]
    public async Task A_stuck_payment_completes_by_polling_once_approved_at_the_provider()
    {
        var seller = await _t.SellerWithAsync(5_000);
        var offer = await _t.OfferAsync(seller, 3_000, 1_000, Names.Market());
        var (buyer, payer) = await _t.BuyerAsync("0004");
        var started = await _t.BuyAsync(offer.OfferId, buyer, 1_000, payer);

        await Eventually.UntilAsync(() => fixture.DescribeAsync(started.TradeId), r => r.Transaction?.Status == "PENDING", "MTN to hold the request");
        var pending = await _t.Trade(started.TradeId).GetAsync();
        Assert.Equal(TradeStatus.PaymentPending, pending.Status);
        Assert.Equal(PaymentState.AwaitingApproval, pending.PaymentState);

        // The payer approves late; nothing tells the grain (no callback URL is configured), so only polling can find out.
        using var approve = await fixture.SandboxHttp.PostAsync($"sandbox/mtn/requesttopay/{started.TradeId:D}/approve", null);
        approve.EnsureSuccessStatusCode();

        var done = await _t.FinalAsync(started.TradeId);
        Assert.Equal(TradeStatus.Completed, done.Status);
        Assert.Equal(1_000, (await _t.Offer(offer.OfferId).GetAsync()).SoldWh);
    }

    [Fact]
    public async Task Same_trade_id_and_request_is_the_same_trade_a_different_request_conflicts()
    {
        var seller = await _t.SellerWithAsync(5_000);
        var offer = await _t.OfferAsync(seller, 3_000, 1_000, Names.Market());
        var (buyer, payer) = await _t.BuyerAsync();
        var tradeId = fixture.Ids.TradeId(buyer, "checkout-1");
        var request = Trading.Request(offer.OfferId, buyer, 1_000, payer, "checkout-1");

        var first = await _t.Trade(tradeId).StartAsync(request);
        var again = await _t.Trade(tradeId).StartAsync(request);
        Assert.Equal(first.TradeId, again.TradeId);
        Assert.Equal(first.CreatedAt, again.CreatedAt);
        Assert.Equal(2_000, (await _t.Offer(offer.OfferId).GetAsync()).RemainingWh); // reserved once

        await Trading.RefusedAsync(() => _t.Trade(tradeId).StartAsync(request with { EnergyWh = 1_500 }), ErrorKind.AlreadyExists, "idempotencyKey");

        var done = await _t.FinalAsync(tradeId);
        Assert.Equal(TradeStatus.Completed, done.Status);
        // Retrying after completion still answers with the trade and does not buy again.
        Assert.Equal(TradeStatus.Completed, (await _t.Trade(tradeId).StartAsync(request)).Status);
        Assert.Equal(1_000, (await _t.Wallet(buyer).GetAsync()).BoughtWh);
    }

    [Fact]
    public async Task Domain_errors_from_deep_inside_the_cluster_arrive_with_kind_and_field()
    {
        // Thrown by the offer grain, passed through the payment grain, deserialised at the client.
        var (buyer, payer) = await _t.BuyerAsync();
        await Trading.RefusedAsync(() => _t.BuyAsync(Guid.NewGuid(), buyer, 1_000, payer), ErrorKind.NotFound, "offerId");
        await Trading.RefusedAsync(() => _t.Trade(Guid.NewGuid()).GetAsync(), ErrorKind.NotFound, "tradeId");

        var seller = await _t.SellerWithAsync(2_000);
        var offer = await _t.OfferAsync(seller, 2_000, 1_000, Names.Market());
        // This cluster has no Airtel client: such a number cannot even be linked, let alone pay.
        var ex = await Trading.RefusedAsync(() => _t.Wallet(buyer).SetPhoneAsync("+" + Names.Phone("97", "5000"), null), ErrorKind.FailedPrecondition, "phoneNumber");
        Assert.Contains("Airtel", ex.Message);
        var chain = Trading.Request(offer.OfferId, buyer, 1_000, payer) with { Method = PaymentMethod.Blockchain };
        await Trading.RefusedAsync(() => _t.Trade(Guid.NewGuid()).StartAsync(chain), ErrorKind.FailedPrecondition, "paymentMethod");
        Assert.Equal(2_000, (await _t.Offer(offer.OfferId).GetAsync()).RemainingWh);
    }
}
