using Enerlectra.MarketMaker;

namespace Enerlectra.Samples.Tests;

public sealed class QuoterTests
{
    private static MarketMakerOptions Options(Action<MarketMakerOptions>? change = null)
    {
        var options = new MarketMakerOptions
        {
            DevUser = "mm",
            MidNgweePerKwh = 250,
            SpreadBasisPoints = 200,
            LevelStepBasisPoints = 100,
            Levels = 3,
            QuoteSizeWh = 1_000,
            SkewBasisPointsPerKwh = 100,
            MaxSkewBasisPoints = 500,
        };
        change?.Invoke(options);
        return options;
    }

    private static long[] Prices(IEnumerable<Quote> quotes) => quotes.Select(q => q.PriceNgweePerKwh).ToArray();

    [Fact]
    public void A_flat_position_quotes_a_symmetric_ladder_bids_rounded_down_and_asks_up()
    {
        var quoter = new Quoter(Options());

        var bids = quoter.Quotes(QuoteSide.Buy, 0);
        var asks = quoter.Quotes(QuoteSide.Sell, 0);

        // 250 ∓ 1%, 2%, 3%: 247.5 → 247 / 252.5 → 253, 245 / 255, 242.5 → 242 / 257.5 → 258.
        Assert.Equal([247L, 245, 242], Prices(bids));
        Assert.Equal([253L, 255, 258], Prices(asks));
        Assert.All(bids.Concat(asks), q => Assert.Equal(1_000, q.QuantityWh));
        Assert.Equal([0, 1, 2], bids.Select(q => q.Level));
        Assert.Equal(["buy", "buy", "buy", "sell", "sell", "sell"], quoter.Quotes(0).Select(q => q.ApiSide));
    }

    [Fact]
    public void An_odd_spread_is_kept_exactly()
    {
        var quoter = new Quoter(Options(o => { o.MidNgweePerKwh = 100_000; o.SpreadBasisPoints = 1; o.Levels = 1; }));

        // Half a basis point each side of 100,000 is 5 ngwee.
        Assert.Equal([99_995L], Prices(quoter.Quotes(QuoteSide.Buy, 0)));
        Assert.Equal([100_005L], Prices(quoter.Quotes(QuoteSide.Sell, 0)));
    }

    [Fact]
    public void The_best_ask_is_always_above_the_best_bid()
    {
        for (var mid = 1L; mid <= 3_000; mid++)
        {
            foreach (var spread in new[] { 1, 2, 3, 199, 9_999 })
            {
                foreach (var inventory in new[] { -50_000L, 0, 7_000 })
                {
                    var quoter = new Quoter(Options(o => { o.MidNgweePerKwh = mid; o.SpreadBasisPoints = spread; }));
                    var bid = quoter.Quotes(QuoteSide.Buy, inventory).FirstOrDefault()?.PriceNgweePerKwh ?? 0;
                    var ask = quoter.Quotes(QuoteSide.Sell, inventory).First().PriceNgweePerKwh;
                    Assert.True(ask > bid, $"mid {mid} spread {spread} position {inventory}: bid {bid}, ask {ask}");
                }
            }
        }
    }

    [Fact]
    public void A_long_position_moves_both_sides_down_and_a_short_one_up()
    {
        var quoter = new Quoter(Options());

        // 2 kWh long at 100 bp per kWh: the mid is 2% lower, 245; 1 kWh short: 1% higher, 252.5 → 253.
        Assert.Equal(-200, quoter.SkewBasisPoints(2_000));
        Assert.Equal(245, quoter.SkewedMid(2_000));
        Assert.Equal([242L, 240, 237], Prices(quoter.Quotes(QuoteSide.Buy, 2_000)));
        Assert.Equal([248L, 250, 253], Prices(quoter.Quotes(QuoteSide.Sell, 2_000)));
        Assert.Equal(253, quoter.SkewedMid(-1_000));
        Assert.Equal([256L, 259], Prices(quoter.Quotes(QuoteSide.Sell, -1_000)).Take(2));
    }

    [Fact]
    public void The_skew_is_capped_and_can_be_switched_off()
    {
        var capped = new Quoter(Options());
        Assert.Equal(-500, capped.SkewBasisPoints(1_000_000));
        Assert.Equal(500, capped.SkewBasisPoints(-1_000_000));
        Assert.Equal(238, capped.SkewedMid(1_000_000)); // 250 × 0.95 = 237.5, rounded to the nearest.

        var flat = new Quoter(Options(o => o.SkewBasisPointsPerKwh = 0));
        Assert.Equal(Prices(flat.Quotes(0)), Prices(flat.Quotes(-80_000)));
    }

    [Fact]
    public void At_the_position_limit_the_bot_stops_adding_to_it()
    {
        var quoter = new Quoter(Options(o => o.MaxInventoryWh = 5_000));

        Assert.Empty(quoter.Quotes(QuoteSide.Buy, 5_000));
        Assert.Equal(3, quoter.Quotes(QuoteSide.Sell, 5_000).Count);
        Assert.Empty(quoter.Quotes(QuoteSide.Sell, -5_000));
        Assert.Equal(3, quoter.Quotes(QuoteSide.Buy, -5_000).Count);
        Assert.Equal(6, quoter.Quotes(4_999).Count);
    }

    [Fact]
    public void Bid_levels_that_would_be_below_one_ngwee_are_left_out()
    {
        var quoter = new Quoter(Options(o => { o.MidNgweePerKwh = 2; o.SpreadBasisPoints = 9_000; o.LevelStepBasisPoints = 1_000; }));

        // 2 × (1 - 45%) = 1.1 → 1; the next level, 2 × 0.45 = 0.9, would be 0.
        Assert.Equal([1L], Prices(quoter.Quotes(QuoteSide.Buy, 0)));
        Assert.Equal(3, quoter.Quotes(QuoteSide.Sell, 0).Count);
    }

    [Fact]
    public void Client_order_ids_name_the_run_slot_and_attempt_and_fit_the_limit()
    {
        Assert.Equal("mm1a-b0-1", Quoter.ClientOrderId("mm1a", QuoteSide.Buy, 0, 1));
        Assert.Equal("mm1a-s12-345", Quoter.ClientOrderId("mm1a", QuoteSide.Sell, 12, 345));
        Assert.True(Quoter.ClientOrderId(new string('r', 40), QuoteSide.Sell, 49, int.MaxValue).Length <= 64);
    }
}
