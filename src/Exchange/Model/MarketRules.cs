namespace Enerlectra.Exchange.Model;

/// <summary>A market's trading rules (configuration section "Markets:Rules"). Integers only.</summary>
public sealed class MarketRules
{
    public const string SectionName = "Markets:Rules";

    /// <summary>Fee on the seller's proceeds when the seller's order was resting (maker), in basis points.</summary>
    public int MakerFeeBasisPoints { get; set; } = 25;

    /// <summary>Fee on the seller's proceeds when the seller's order took liquidity (taker), in basis points.</summary>
    public int TakerFeeBasisPoints { get; set; } = 25;

    public SelfTradePrevention DefaultSelfTradePrevention { get; set; } = SelfTradePrevention.CancelResting;

    public int MaxOpenOrdersPerUser { get; set; } = 1_000;

    /// <summary>
    /// Orders priced further than this from the last trade are refused as fat-finger mistakes (2,000 = 20%); 0 turns
    /// the band off. Before the first trade there is no band.
    /// </summary>
    public int PriceBandBasisPoints { get; set; } = 2_000;

    public long MinQuantityWh { get; set; } = 1;

    public long MaxQuantityWh { get; set; } = 10_000_000;

    public long MaxPriceNgweePerKwh { get; set; } = 100_000;

    public TimeSpan MaxOrderLifetime { get; set; } = TimeSpan.FromDays(30);

    public int MaxClientOrderIdLength { get; set; } = 64;

    public SelfTradePrevention Resolve(SelfTradePrevention requested) =>
        requested == SelfTradePrevention.MarketDefault ? DefaultSelfTradePrevention : requested;
}
