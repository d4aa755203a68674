using System.Numerics;
using Enerlectra.Abstractions.Pricing;
using Xunit;

namespace Enerlectra.Tests.Unit;

public class TradePricingTests
{
    [Theory]
    // Exact kWh multiples: no rounding at all.
    [InlineData(1000, 1500, 25, 1500, 4, 1496)]
    // 1.5 kWh * 333 = 499.5 ngwee: the half ngwee is charged, never given away; 0.25% of 500 = 1.25, rounded up.
    [InlineData(1500, 333, 25, 500, 2, 498)]
    // One Wh at one ngwee/kWh is a thousandth of a ngwee: still costs one whole ngwee, and that ngwee is all fee.
    [InlineData(1, 1, 25, 1, 1, 0)]
    // 2 kWh at ZMW 50 = 10,000 ngwee; 0.25% is exactly 25.
    [InlineData(2000, 5000, 25, 10_000, 25, 9_975)]
    // 399 ngwee * 0.25% = 0.9975: rounded up to 1 (it used to round down to nothing, so small purchases paid no fee).
    [InlineData(1000, 399, 25, 399, 1, 398)]
    [InlineData(1000, 400, 25, 400, 1, 399)]
    [InlineData(1000, 401, 25, 401, 2, 399)]
    // Fee bounds: none, and everything.
    [InlineData(1000, 700, 0, 700, 0, 700)]
    [InlineData(1000, 700, 10_000, 700, 700, 0)]
    public void Prices_known_cases(long energyWh, long price, int bps, long amount, long fee, long net)
    {
        Assert.Equal(new TradePrice(amount, fee, net), TradePricing.Price(energyWh, price, bps));
    }

    [Fact]
    public void The_fee_is_the_ceiling_for_every_amount_up_to_100000_ngwee_and_parts_add_up()
    {
        // The rule for every amount a purchase can be split into: fee = ceil(amount * bps / 10,000) exactly, never
        // lost to rounding (> 0 whenever amount and bps are), never more than the amount, seller + fee == amount.
        foreach (var bps in new[] { 0, 1, 25, 30, 500, 9_999, 10_000 })
        {
            for (long amount = 1; amount <= 100_000; amount++)
            {
                // 1,000 Wh at `amount` ngwee/kWh costs exactly `amount` ngwee.
                var p = TradePricing.Price(1_000, amount, bps);
                Assert.Equal(amount, p.AmountNgwee);
                Assert.Equal(CeilingOf(amount * bps, 10_000), p.FeeNgwee);
                Assert.Equal(p.FeeNgwee, TradePricing.Fee(amount, bps));
                Assert.Equal(amount, p.SellerNetNgwee + p.FeeNgwee);
                Assert.InRange(p.FeeNgwee, bps == 0 ? 0 : 1, amount);
                Assert.True(p.SellerNetNgwee >= 0);
                Assert.True(p.FeeNgwee * 10_000 >= amount * bps, "the fee is never less than its share");
                Assert.True((p.FeeNgwee - 1) * 10_000 < amount * bps, "and never a whole ngwee more");
            }
        }
    }

    [Fact]
    public void Splitting_a_purchase_never_pays_less_fee_than_buying_it_whole()
    {
        // The reason for rounding up: 100 purchases of 399 ngwee used to pay no fee at all.
        var whole = TradePricing.Price(100 * 1_000, 399, 25).FeeNgwee;
        var split = Enumerable.Range(0, 100).Sum(_ => TradePricing.Price(1_000, 399, 25).FeeNgwee);
        Assert.Equal(100, split);
        Assert.True(split >= whole, $"split {split} < whole {whole}");
    }

    [Fact]
    public void Amount_and_fee_round_up_and_parts_add_up_over_many_values()
    {
        // Compared against arbitrary-precision arithmetic, so the integer shortcuts in the code are checked, not copied.
        var random = new Random(20240611);
        for (var i = 0; i < 20_000; i++)
        {
            long energy = random.Next(1, 10_000_001);
            long price = random.Next(1, 100_001);
            var bps = i % 3 == 0 ? 25 : random.Next(0, 10_001);
            var p = TradePricing.Price(energy, price, bps);

            var exact = new BigInteger(energy) * price;
            var expectedAmount = (exact + 999) / 1000;
            Assert.Equal(expectedAmount, new BigInteger(p.AmountNgwee));
            Assert.True(p.AmountNgwee * 1000 >= energy * price, "the buyer never pays less than the energy is worth");
            Assert.True((p.AmountNgwee - 1) * 1000 < energy * price, "and never a whole ngwee more");
            Assert.Equal((new BigInteger(p.AmountNgwee) * bps + 9_999) / 10_000, new BigInteger(p.FeeNgwee));
            Assert.Equal(p.AmountNgwee, p.SellerNetNgwee + p.FeeNgwee);
            Assert.InRange(p.FeeNgwee, bps == 0 ? 0 : 1, p.AmountNgwee);
        }
    }

    [Theory]
    [InlineData(0, 100, 25, "energyWh")]
    [InlineData(-1, 100, 25, "energyWh")]
    [InlineData(1000, 0, 25, "pricePerKwhNgwee")]
    [InlineData(1000, -5, 25, "pricePerKwhNgwee")]
    [InlineData(1000, 100, -1, "feeBasisPoints")]
    [InlineData(1000, 100, 10_001, "feeBasisPoints")]
    public void Rejects_bad_input(long energyWh, long price, int bps, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TradePricing.Price(energyWh, price, bps));
        Assert.Equal(parameter, ex.ParamName);
    }

    [Fact]
    public void Overflow_is_an_error_not_a_wrong_price()
    {
        Assert.Throws<OverflowException>(() => TradePricing.Price(long.MaxValue / 2, 100, 25));
        Assert.Throws<OverflowException>(() => TradePricing.Fee(long.MaxValue / 2, 25));
    }

    [Theory]
    [InlineData(-1, 25, "amountNgwee")]
    [InlineData(100, -1, "feeBasisPoints")]
    [InlineData(100, 10_001, "feeBasisPoints")]
    public void Fee_rejects_bad_input(long amount, int bps, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TradePricing.Fee(amount, bps));
        Assert.Equal(parameter, ex.ParamName);
    }

    /// <summary>Ceiling by BigInteger, independent of the code's own integer shortcut.</summary>
    private static long CeilingOf(long numerator, long denominator) =>
        (long)BigInteger.Divide(new BigInteger(numerator) + denominator - 1, denominator);
}
