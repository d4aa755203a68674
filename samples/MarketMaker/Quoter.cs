namespace Enerlectra.MarketMaker;

/// <summary>
/// Decides the quotes: pure integer arithmetic, no I/O, so every price the bot will send can be worked out (and
/// tested) from the options and the net position alone.
/// </summary>
/// <remarks>
/// The mid is skewed against the position (long: lower, so the bot sells more readily and buys less), capped at
/// <see cref="MarketMakerOptions.MaxSkewBasisPoints"/>. Level i of a side sits (spread / 2 + i × step) basis points
/// from that mid; bids round down and asks up, so with any positive spread the best ask is above the best bid and
/// the bot never quotes against itself.
/// </remarks>
public sealed class Quoter(MarketMakerOptions options)
{
    /// <summary>Basis points are parts of 10,000; prices are worked out in half basis points to keep odd spreads exact.</summary>
    private const long HalfBasisPointsPerUnit = 20_000;

    /// <summary>The mid moved against a net position of <paramref name="inventoryWh"/> (bought minus sold).</summary>
    public long SkewedMid(long inventoryWh)
    {
        var skew = SkewBasisPoints(inventoryWh);
        // Rounded to the nearest ngwee, never below 1.
        var mid = ((Int128)options.MidNgweePerKwh * (10_000 + skew) + 5_000) / 10_000;
        return (long)Int128.Max(mid, 1);
    }

    /// <summary>How far the position moves the mid, in basis points: negative when long.</summary>
    public int SkewBasisPoints(long inventoryWh)
    {
        var raw = -(Int128)inventoryWh * options.SkewBasisPointsPerKwh / 1_000;
        return (int)Int128.Clamp(raw, -options.MaxSkewBasisPoints, options.MaxSkewBasisPoints);
    }

    /// <summary>
    /// The quotes of one side for a net position of <paramref name="inventoryWh"/>, best first. None at the
    /// position limit (no bids when long <see cref="MarketMakerOptions.MaxInventoryWh"/>, no asks when that short);
    /// bid levels that would be priced below 1 ngwee are left out.
    /// </summary>
    public IReadOnlyList<Quote> Quotes(QuoteSide side, long inventoryWh)
    {
        var limit = options.MaxInventoryWh;
        if (limit > 0 && (side == QuoteSide.Buy ? inventoryWh >= limit : inventoryWh <= -limit))
        {
            return [];
        }

        var mid = (Int128)SkewedMid(inventoryWh);
        var quotes = new List<Quote>(options.Levels);
        for (var level = 0; level < options.Levels; level++)
        {
            var distance = options.SpreadBasisPoints + 2L * level * options.LevelStepBasisPoints;
            Int128 price = side == QuoteSide.Buy
                ? mid * (HalfBasisPointsPerUnit - distance) / HalfBasisPointsPerUnit
                : (mid * (HalfBasisPointsPerUnit + distance) + HalfBasisPointsPerUnit - 1) / HalfBasisPointsPerUnit;
            if (price < 1)
            {
                break;
            }

            quotes.Add(new Quote(side, level, (long)price, options.QuoteSizeWh));
        }

        return quotes;
    }

    /// <summary>Both sides, bids first.</summary>
    public IReadOnlyList<Quote> Quotes(long inventoryWh) => [.. Quotes(QuoteSide.Buy, inventoryWh), .. Quotes(QuoteSide.Sell, inventoryWh)];

    /// <summary>
    /// The client order id of a quote: the run, the slot ("b0" is the best bid) and the slot's attempt number, so it
    /// is unique among the user's orders (a reused id with other terms is refused) and says what it was for.
    /// </summary>
    public static string ClientOrderId(string runId, QuoteSide side, int level, int attempt) =>
        $"{runId}-{(side == QuoteSide.Buy ? 'b' : 's')}{level}-{attempt}";
}
