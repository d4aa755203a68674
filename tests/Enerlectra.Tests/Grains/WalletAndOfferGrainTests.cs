using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.PhoneVerifications;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Exchange.Model;
using Enerlectra.Tests.Support;
using Xunit;

namespace Enerlectra.Tests.Grains;

public class WalletAndOfferGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly Trading _t = new(fixture.Client);

    [Fact]
    public async Task Generation_is_idempotent_by_reading_id()
    {
        var wallet = _t.Wallet(Names.User("prosumer"));
        var first = await wallet.RecordGenerationAsync("meter-7:2025-03-01T10", 4_000, "meter-7");
        var again = await wallet.RecordGenerationAsync("meter-7:2025-03-01T10", 4_000, "meter-7");
        Assert.Equal(4_000, again.GeneratedWh);
        Assert.Equal(4_000, again.AvailableWh);
        Assert.Equal(first.Version, again.Version);

        await Trading.RefusedAsync(() => wallet.RecordGenerationAsync("meter-7:2025-03-01T10", 4_500, "meter-7"), ErrorKind.AlreadyExists, "readingId");

        var next = await wallet.RecordGenerationAsync("meter-7:2025-03-01T11", 1_500, "meter-7");
        Assert.Equal(5_500, next.GeneratedWh);
        Assert.Equal(5_500, next.AvailableWh);
    }

    [Theory]
    [InlineData("r", -1, "generatedWh")]
    [InlineData("r", 0, "generatedWh")]
    [InlineData("r", 1_000_001, "generatedWh")] // more than 1,000 kWh in one reading is a meter fault
    [InlineData("", 1_000, "readingId")]
    [InlineData(" ", 1_000, "readingId")]
    public async Task Generation_refuses_nonsense(string readingId, long wh, string field)
    {
        var wallet = _t.Wallet(Names.User("prosumer"));
        await Trading.RefusedAsync(() => wallet.RecordGenerationAsync(readingId, wh, "meter"), ErrorKind.InvalidArgument, field);
        var snapshot = await wallet.GetAsync();
        Assert.Equal(0, snapshot.GeneratedWh);
        Assert.Equal(0, snapshot.Version);
    }

    [Fact]
    public async Task Phone_number_is_normalised_verified_before_it_is_linked_and_bad_ones_are_refused()
    {
        var wallet = _t.Wallet(Names.User("buyer"));
        var digits = Names.Payer("5000");
        var snapshot = await wallet.SetPhoneAsync("0" + digits[3..], null);
        // Not linked until its owner approves: the number is only being verified, over its prefix's network.
        Assert.Null(snapshot.PhoneNumber);
        var verification = Assert.IsType<PhoneVerificationSnapshot>(snapshot.PhoneVerification);
        Assert.Equal(("+" + digits, MobileNetwork.Mtn, PhoneVerificationStatus.AwaitingApproval), (verification.PhoneNumber, verification.Network, verification.Status));
        var verified = await Eventually.UntilAsync(() => wallet.GetAsync(), w => w.PhoneNumber is not null, "the number to be verified");
        Assert.Equal(("+" + digits, MobileNetwork.Mtn, PhoneVerificationStatus.Verified), (verified.PhoneNumber, verified.PhoneNetwork, verified.PhoneVerification!.Status));

        // A ported number: the user's choice beats the prefix (an Airtel prefix, collected by MTN, this cluster's provider).
        var ported = await _t.LinkVerifiedPhoneAsync(Names.User("buyer"), Names.Phone("97", "5000"), MobileNetwork.Mtn);
        Assert.Equal(MobileNetwork.Mtn, ported.PhoneNetwork);
        await Trading.RefusedAsync(() => wallet.SetPhoneAsync("+1 202 555 0123", null), ErrorKind.InvalidArgument, "phoneNumber");
        Assert.Equal("+" + digits, (await wallet.GetAsync()).PhoneNumber);
    }

    [Fact]
    public async Task Creating_an_offer_reserves_the_energy()
    {
        var seller = await _t.SellerWithAsync(5_000);
        var market = Names.Market();
        var offer = await _t.OfferAsync(seller, 3_000, 1_500, market);
        Assert.Equal(OfferStatus.Open, offer.Status);
        Assert.Equal(3_000, offer.RemainingWh);

        // The offer is a resting sell order of the market's book: the energy moved there from the wallet, once.
        Assert.Equal((2_000, 3_000), await _t.EnergyAsync(seller, market));
        var wallet = await _t.Wallet(seller).GetAsync();
        Assert.Equal((2_000, 3_000), (wallet.AvailableWh, wallet.TransferredWh));
        var depth = await _t.Book(market).GetDepthAsync(5);
        Assert.Equal(new DepthLevel(Side.Sell, 1_500, 3_000, 1), Assert.Single(depth.Asks));

        // The next offer takes what the trading account already holds before anything more from the wallet.
        var second = await _t.OfferAsync(seller, 1_000, 1_400, market);
        await _t.Offer(offer.OfferId).CancelAsync(seller);
        var third = await _t.OfferAsync(seller, 3_500, 1_600, market);
        Assert.Equal((500, 4_500), await _t.EnergyAsync(seller, market));
        Assert.Equal(500, (await _t.Wallet(seller).GetAsync()).AvailableWh);
        Assert.Equal([1_000, 3_500], (await _t.Book(market).GetDepthAsync(5)).Asks.Select(l => l.QuantityWh));
        Assert.Equal((OfferStatus.Open, OfferStatus.Open), ((await _t.Offer(second.OfferId).GetAsync()).Status, third.Status));
    }

    [Fact]
    public async Task Offering_more_than_available_fails_and_changes_nothing()
    {
        var seller = await _t.SellerWithAsync(5_000);
        var offerId = Guid.NewGuid();
        var command = new CreateOfferCommand(seller, 6_000, 1_500, DateTimeOffset.UtcNow.AddDays(1), true, Names.Market());
        var ex = await Trading.RefusedAsync(() => _t.Offer(offerId).CreateAsync(command), ErrorKind.FailedPrecondition, "energyWh");
        Assert.Contains("5000 Wh available", ex.Message);

        var wallet = await _t.Wallet(seller).GetAsync();
        Assert.Equal(5_000, wallet.AvailableWh);
        Assert.Equal((0, 0), (wallet.ReservedWh, wallet.TransferredWh));
        await Trading.RefusedAsync(() => _t.Offer(offerId).GetAsync(), ErrorKind.NotFound, "offerId");
    }

    [Fact]
    public async Task Offer_rules_are_enforced_in_the_grain()
    {
        var seller = await _t.SellerWithAsync(5_000);
        var command = new CreateOfferCommand(seller, 1_000, 0, DateTimeOffset.UtcNow.AddDays(1), true, Names.Market());
        await Trading.RefusedAsync(() => _t.Offer(Guid.NewGuid()).CreateAsync(command), ErrorKind.InvalidArgument, "pricePerKwhNgwee");
        Assert.Equal(5_000, (await _t.Wallet(seller).GetAsync()).AvailableWh);
    }

    [Fact]
    public async Task Repeating_a_create_returns_the_same_offer_and_a_different_one_conflicts()
    {
        var seller = await _t.SellerWithAsync(10_000);
        var offerId = fixture.Ids.OfferId(seller, "listing-1");
        var command = new CreateOfferCommand(seller, 2_000, 1_500, DateTimeOffset.UtcNow.AddDays(1), true, Names.Market());
        var first = await _t.Offer(offerId).CreateAsync(command);
        var again = await _t.Offer(offerId).CreateAsync(command);
        Assert.Equal(first with { Version = 0 }, again with { Version = 0 });
        Assert.Equal((8_000, 2_000), await _t.EnergyAsync(seller, command.MarketId)); // reserved once, not twice

        await Trading.RefusedAsync(() => _t.Offer(offerId).CreateAsync(command with { EnergyWh = 3_000 }), ErrorKind.AlreadyExists, "offerId");
    }

    [Fact]
    public async Task Only_the_seller_can_cancel_and_cancelling_returns_the_remainder()
    {
        var seller = await _t.SellerWithAsync(5_000);
        var offer = await _t.OfferAsync(seller, 3_000, 2_000, Names.Market());
        var (buyer, payer) = await _t.BuyerAsync();
        var trade = await _t.BuyAsync(offer.OfferId, buyer, 1_000, payer);
        Assert.Equal(TradeStatus.Completed, (await _t.FinalAsync(trade.TradeId)).Status);

        await Trading.RefusedAsync(() => _t.Offer(offer.OfferId).CancelAsync(buyer), ErrorKind.PermissionDenied, null);
        Assert.Equal(OfferStatus.PartiallyFilled, (await _t.Offer(offer.OfferId).GetAsync()).Status);

        var cancelled = await _t.Offer(offer.OfferId).CancelAsync(seller);
        Assert.Equal(OfferStatus.Cancelled, cancelled.Status);
        Assert.Equal(0, cancelled.RemainingWh);
        Assert.Equal(1_000, cancelled.SoldWh);
        Assert.Equal(2_000, cancelled.ReleasedWh);

        // The rest is the seller's again, in the market's trading account (ready for their next offer).
        Assert.Equal((4_000, 0), await _t.EnergyAsync(seller, offer.MarketId));

        // Cancelling twice is harmless and returns nothing twice.
        Assert.Equal(cancelled with { Version = 0 }, (await _t.Offer(offer.OfferId).CancelAsync(seller)) with { Version = 0 });
        Assert.Equal((4_000, 0), await _t.EnergyAsync(seller, offer.MarketId));

        await Trading.RefusedAsync(() => _t.BuyAsync(offer.OfferId, buyer, 1_000, payer), ErrorKind.FailedPrecondition, "offerId");
    }

    [Fact]
    public async Task A_seller_cannot_buy_their_own_offer()
    {
        var seller = await _t.SellerWithAsync(5_000);
        var phone = Names.Payer("5000");
        await _t.LinkVerifiedPhoneAsync(seller, phone);
        var offer = await _t.OfferAsync(seller, 2_000, 1_000, Names.Market());
        var tradeId = Guid.NewGuid();
        await Trading.RefusedAsync(() => _t.Trade(tradeId).StartAsync(Trading.Request(offer.OfferId, seller, 1_000, phone)),
            ErrorKind.FailedPrecondition, "offerId");
        Assert.Equal(2_000, (await _t.Offer(offer.OfferId).GetAsync()).RemainingWh);
        Assert.False(await _t.Trade(tradeId).ExistsAsync());
    }

    [Fact]
    public async Task Partial_buys_then_buy_the_rest()
    {
        var seller = await _t.SellerWithAsync(3_000);
        var offer = await _t.OfferAsync(seller, 3_000, 1_000, Names.Market());

        var (buyerA, payerA) = await _t.BuyerAsync();
        var (buyerB, payerB) = await _t.BuyerAsync();
        var a = await _t.BuyAsync(offer.OfferId, buyerA, 1_000, payerA);
        var b = await _t.BuyAsync(offer.OfferId, buyerB, 1_500, payerB);
        var mid = await _t.Offer(offer.OfferId).GetAsync();
        Assert.Equal(500, mid.RemainingWh);
        Assert.Equal(OfferStatus.PartiallyFilled, mid.Status);

        var (buyerC, payerC) = await _t.BuyerAsync();
        await Trading.RefusedAsync(() => _t.BuyAsync(offer.OfferId, buyerC, 501, payerC), ErrorKind.FailedPrecondition, "energyWh");
        await Trading.RefusedAsync(() => _t.BuyAsync(offer.OfferId, buyerC, -5, payerC), ErrorKind.InvalidArgument, "energyWh");

        var rest = await _t.BuyAsync(offer.OfferId, buyerC, 0, payerC); // 0 = all that remains
        Assert.Equal(500, rest.EnergyWh);

        foreach (var id in new[] { a.TradeId, b.TradeId, rest.TradeId })
        {
            Assert.Equal(TradeStatus.Completed, (await _t.FinalAsync(id)).Status);
        }

        var done = await _t.Offer(offer.OfferId).GetAsync();
        Assert.Equal(OfferStatus.Filled, done.Status);
        Assert.Equal(3_000, done.SoldWh);
        Assert.Equal(0, done.PendingWh);
        Assert.Equal((0, 0), await _t.EnergyAsync(seller, offer.MarketId));
    }

    [Fact]
    public async Task An_offer_expires_by_itself_and_its_energy_returns_to_the_seller()
    {
        var seller = await _t.SellerWithAsync(4_000);
        var offer = await _t.OfferAsync(seller, 3_000, 1_000, Names.Market(), TimeSpan.FromSeconds(2));
        Assert.Equal((1_000, 3_000), await _t.EnergyAsync(seller, offer.MarketId));

        // Nobody touches the offer: only the market's sweeper can close it.
        var expired = await Eventually.UntilAsync(
            () => _t.Offer(offer.OfferId).GetAsync(), o => o.Status == OfferStatus.Expired, "the offer to expire");
        Assert.Equal(3_000, expired.ReleasedWh);
        Assert.Equal(0, expired.RemainingWh);

        Assert.Equal((4_000, 0), await _t.EnergyAsync(seller, offer.MarketId));
        var (buyer, payer) = await _t.BuyerAsync();
        await Trading.RefusedAsync(() => _t.BuyAsync(offer.OfferId, buyer, 1_000, payer), ErrorKind.FailedPrecondition, "offerId");
    }

    [Fact]
    public async Task Unknown_offer_is_NotFound_at_the_caller()
    {
        await Trading.RefusedAsync(() => _t.Offer(Guid.NewGuid()).GetAsync(), ErrorKind.NotFound, "offerId");
        await Trading.RefusedAsync(() => _t.Offer(Guid.NewGuid()).CancelAsync("someone"), ErrorKind.NotFound, "offerId");
    }
}
