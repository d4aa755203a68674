using System.Numerics;
using Enerlectra.Abstractions.Pricing;
using Xunit;

namespace Enerlectra.Tests.Unit;

public class TradePricingTests
{
    [Theory]
    // Exact kWh multiples: no rounding at all.
    [InlineData(1000, 1500, 25, 1500, 3, 1497)]
    // 1.5 kWh * 333 = 499.5 ngwee: the half ngwee is charged, never given away.
    [InlineData(1500, 333, 25, 500, 1, 499)]
    // One Wh at one ngwee/kWh is a thousandth of a ngwee: still costs one whole ngwee, fee rounds down to 0.
    [InlineData(1, 1, 25, 1, 0, 1)]
    // 2 kWh at ZMW 50 = 10,000 ngwee; 0.25% is exactly 25.
    [InlineData(2000, 5000, 25, 10_000, 25, 9_975)]
    // 399 ngwee * 0.25% = 0.9975: rounds down to nothing, in the seller's favour.
    [InlineData(1000, 399, 25, 399, 0, 399)]
    [InlineData(1000, 400, 25, 400, 1, 399)]
    // Fee bounds: none, and everything.
    [InlineData(1000, 700, 0, 700, 0, 700)]
    [InlineData(1000, 700, 10_000, 700, 700, 0)]
    public void Prices_known_cases(long energyWh, long price, int bps, long amount, long fee, long net)
    {
        Assert.Equal(new TradePrice(amount, fee, net), TradePricing.Price(energyWh, price, bps));
    }

    [Fact]
    public void Amount_rounds_up_fee_rounds_down_and_parts_add_up_over_many_values()
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
            Assert.Equal(new BigInteger(p.AmountNgwee) * bps / 10_000, new BigInteger(p.FeeNgwee));
            Assert.Equal(p.AmountNgwee, p.SellerNetNgwee + p.FeeNgwee);
            Assert.InRange(p.FeeNgwee, 0, p.AmountNgwee);
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
    }
}
