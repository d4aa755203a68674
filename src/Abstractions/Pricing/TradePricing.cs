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
    /// rounded down (the rounding favours the seller), and the seller gets the rest.
    /// </summary>
    public static TradePrice Price(long energyWh, long pricePerKwhNgwee, int feeBasisPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(energyWh);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pricePerKwhNgwee);
        if (feeBasisPoints is < 0 or > BasisPointsPerUnit)
        {
            throw new ArgumentOutOfRangeException(nameof(feeBasisPoints), "The fee must be between 0 and 10,000 basis points.");
        }

        var numerator = checked(energyWh * pricePerKwhNgwee);
        var amount = numerator / 1000 + (numerator % 1000 == 0 ? 0 : 1);
        var fee = checked(amount * feeBasisPoints) / BasisPointsPerUnit;
        return new TradePrice(amount, fee, amount - fee);
    }
}
