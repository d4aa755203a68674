using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Grains.Market;
using Xunit;

namespace Enerlectra.Tests.Unit;

public class OfferIndexTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static OfferSnapshot Offer(long price, int minute, Guid? id = null, long version = 1,
        OfferStatus status = OfferStatus.Open, long remaining = 5_000) =>
        new(id ?? Guid.NewGuid(), "seller", "default", 5_000, price, T0.AddMinutes(minute), T0.AddDays(1), true,
            status, remaining, 5_000 - remaining, 0, 0, version);

    [Fact]
    public void Lists_cheapest_first_then_oldest_then_by_id()
    {
        var lowId = new Guid("00000000-0000-4000-8000-000000000001");
        var highId = new Guid("ffffffff-0000-4000-8000-000000000001");
        var index = new OfferIndex(new Dictionary<Guid, OfferSnapshot>());
        var offers = new[]
        {
            Offer(300, 0),
            Offer(100, 5),
            Offer(100, 1, highId),
            Offer(100, 1, lowId), // same price and time as highId: the id breaks the tie
            Offer(200, 0),
        };
        foreach (var o in offers)
        {
            Assert.True(index.Apply(o));
        }

        var page = index.Page(10, null);
        Assert.Equal(
            [lowId, highId, offers[1].OfferId, offers[4].OfferId, offers[0].OfferId],
            page.Offers.Select(o => o.OfferId).ToArray());
        Assert.Equal(5, page.TotalOpen);
        Assert.Equal(string.Empty, page.NextPageToken);
    }

    [Fact]
    public void Index_rebuilt_from_saved_offers_keeps_the_order()
    {
        var a = Offer(500, 0);
        var b = Offer(100, 0);
        var index = new OfferIndex(new Dictionary<Guid, OfferSnapshot> { [a.OfferId] = a, [b.OfferId] = b });
        Assert.Equal([b.OfferId, a.OfferId], index.Page(0, null).Offers.Select(o => o.OfferId).ToArray());
    }

    [Fact]
    public void Paging_by_key_never_skips_or_repeats_while_offers_come_and_go()
    {
        var random = new Random(7);
        var index = new OfferIndex(new Dictionary<Guid, OfferSnapshot>());
        var present = new Dictionary<Guid, OfferSnapshot>();
        for (var i = 0; i < 60; i++)
        {
            var o = Offer(random.Next(1, 8) * 100, random.Next(0, 5));
            index.Apply(o);
            present[o.OfferId] = o;
        }

        var stable = new HashSet<Guid>(present.Keys); // offers that stay open for the whole walk
        var seen = new List<Guid>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = index.Page(7, token);
            seen.AddRange(page.Offers.Select(o => o.OfferId));
            token = page.NextPageToken;
            pages++;

            // Between page requests the market moves: an offer sells out, another is updated, a new one appears.
            var gone = present.Values.ElementAt(random.Next(present.Count));
            index.Apply(gone with { Status = OfferStatus.Filled, RemainingWh = 0, Version = gone.Version + 1 });
            present.Remove(gone.OfferId);
            stable.Remove(gone.OfferId);

            var changed = present.Values.ElementAt(random.Next(present.Count));
            var updated = changed with { Status = OfferStatus.PartiallyFilled, RemainingWh = 1_000, Version = changed.Version + 1 };
            index.Apply(updated);
            present[changed.OfferId] = updated;

            var added = Offer(random.Next(1, 8) * 100, random.Next(0, 5));
            index.Apply(added);
            present[added.OfferId] = added;
        }
        while (token.Length > 0 && pages < 100);

        Assert.True(pages > 3, "the walk must actually span several pages");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(stable.Except(seen));
    }

    [Fact]
    public void Stale_snapshots_are_ignored()
    {
        var index = new OfferIndex(new Dictionary<Guid, OfferSnapshot>());
        var v2 = Offer(100, 0, version: 2, status: OfferStatus.PartiallyFilled, remaining: 3_000);
        Assert.True(index.Apply(v2));

        Assert.False(index.Apply(v2 with { Version = 1, RemainingWh = 5_000, Status = OfferStatus.Open }));
        Assert.False(index.Apply(v2 with { RemainingWh = 4_000 })); // same version is not newer either
        Assert.Equal(3_000, Assert.Single(index.Page(0, null).Offers).RemainingWh);

        Assert.True(index.Apply(v2 with { Version = 3, RemainingWh = 2_000 }));
        Assert.Equal(2_000, Assert.Single(index.Page(0, null).Offers).RemainingWh);
    }

    [Fact]
    public void Closed_or_sold_out_offers_leave_the_index()
    {
        var index = new OfferIndex(new Dictionary<Guid, OfferSnapshot>());
        var a = Offer(100, 0);
        var b = Offer(200, 0);
        var c = Offer(300, 0);
        index.Apply(a);
        index.Apply(b);
        index.Apply(c);

        index.Apply(a with { Status = OfferStatus.Cancelled, RemainingWh = 0, Version = 2 });
        // Everything remaining is held for pending trades: not buyable, so not listed.
        index.Apply(b with { Status = OfferStatus.PartiallyFilled, RemainingWh = 0, Version = 2 });

        var page = index.Page(0, null);
        Assert.Equal([c.OfferId], page.Offers.Select(o => o.OfferId).ToArray());
        Assert.Equal(1, page.TotalOpen);
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void A_token_past_the_last_offer_gives_an_empty_page()
    {
        var index = new OfferIndex(new Dictionary<Guid, OfferSnapshot>());
        var a = Offer(100, 0);
        var b = Offer(200, 0);
        index.Apply(a);
        index.Apply(b);
        var first = index.Page(1, null);
        Assert.Equal(a.OfferId, Assert.Single(first.Offers).OfferId);

        // The last offer sells out before the client asks for page two.
        index.Apply(b with { Status = OfferStatus.Filled, RemainingWh = 0, Version = 2 });
        var second = index.Page(1, first.NextPageToken);
        Assert.Empty(second.Offers);
        Assert.Equal(string.Empty, second.NextPageToken);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(OfferIndex.MaxPageSize + 1)]
    public void Bad_page_size_names_pageSize(int pageSize)
    {
        var index = new OfferIndex(new Dictionary<Guid, OfferSnapshot>());
        var ex = Assert.Throws<TradingException>(() => index.Page(pageSize, null));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("pageSize", ex.Field);
    }

    [Fact]
    public void Page_size_zero_means_the_default_and_the_maximum_is_allowed()
    {
        var index = new OfferIndex(new Dictionary<Guid, OfferSnapshot>());
        for (var i = 0; i < OfferIndex.MaxPageSize + 5; i++)
        {
            index.Apply(Offer(100 + i, 0));
        }

        Assert.Equal(OfferIndex.DefaultPageSize, index.Page(0, null).Offers.Count);
        Assert.Equal(OfferIndex.MaxPageSize, index.Page(OfferIndex.MaxPageSize, null).Offers.Count);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("100.200")]
    [InlineData("-1.5.0123456789abcdef0123456789abcdef")]
    [InlineData("100.5.not-a-guid")]
    [InlineData("100.5.0123456789abcdef0123456789abcdef.extra")]
    public void Bad_page_token_names_pageToken(string token)
    {
        var index = new OfferIndex(new Dictionary<Guid, OfferSnapshot>());
        index.Apply(Offer(100, 0));
        var ex = Assert.Throws<TradingException>(() => index.Page(10, token));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("pageToken", ex.Field);
    }
}
