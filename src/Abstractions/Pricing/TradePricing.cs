using Orleans;

namespace Enerlectra.Abstractions.Pricing;

/// <summary>The money side of one trade, in ngwee. <c>SellerNetNgwee + FeeNgwee == AmountNgwee</c> always holds.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.TradePrice")]
public sealed record TradePrice(
    [property: Id(0)] long AmountNgwee,
    [property: Id(1)] long FeeNgwee,
    [property: Id(2)] long SellerNetNgwee);

/// <summary>Integer-only pricing rules shared by every rail.</summary>
public static class TradePricing
{
    /// <summary>One basis point is 1/10,000.</summary>
    public const int BasisPointsPerUnit = 10_000;

    /// <summary>
    /// Buyer pays for <paramref name="energyWh"/> at <paramref name="pricePerKwhNgwee"/>, rounded up to whole ngwee
    /// (a part-ngwee is never given away for free); the platform keeps <paramref name="feeBasisPoints"/> of that,
    /// also rounded up, and the seller gets the rest. The fee rounds up so that no fee is ever lost to rounding:
    /// rounded down, every purchase under 400 ngwee paid nothing at 25 bps, and splitting a purchase avoided the fee.
    /// With at most 10,000 bps the fee never exceeds the amount, so the seller's share is never negative (a 1-ngwee
    /// trade is all fee). The <c>EnergyTrading</c> contract computes exactly the same.
    /// </summary>
    public static TradePrice Price(long energyWh, long pricePerKwhNgwee, int feeBasisPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(energyWh);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pricePerKwhNgwee);
        if (feeBasisPoints is < 0 or > BasisPointsPerUnit)
        {
            throw new ArgumentOutOfRangeException(nameof(feeBasisPoints), "The fee must be between 0 and 10,000 basis points.");
        }

        var amount = CeilingDivide(checked(energyWh * pricePerKwhNgwee), 1000);
        var fee = Fee(amount, feeBasisPoints);
        return new TradePrice(amount, fee, amount - fee);
    }

    /// <summary>
    /// The platform's fee on <paramref name="amountNgwee"/>: ceil(amount × bps / 10,000), at most the amount, and more
    /// than zero whenever both are.
    /// </summary>
    public static long Fee(long amountNgwee, int feeBasisPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amountNgwee);
        if (feeBasisPoints is < 0 or > BasisPointsPerUnit)
        {
            throw new ArgumentOutOfRangeException(nameof(feeBasisPoints), "The fee must be between 0 and 10,000 basis points.");
        }

        return CeilingDivide(checked(amountNgwee * feeBasisPoints), BasisPointsPerUnit);
    }

    // Not (n + d - 1) / d, which overflows near the top of the range.
    private static long CeilingDivide(long numerator, long denominator) =>
        numerator / denominator + (numerator % denominator == 0 ? 0 : 1);
}
