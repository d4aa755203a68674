using Enerlectra.Exchange.Model;

namespace Enerlectra.Exchange.Book;

/// <summary>One side of the book: price levels from best to worst (highest bid first, lowest ask first).</summary>
public sealed class BookSide
{
    private readonly SortedDictionary<long, PriceLevel> _levels;

    public BookSide(Side side)
    {
        Side = side;
        _levels = new SortedDictionary<long, PriceLevel>(side == Side.Buy
            ? Comparer<long>.Create((a, b) => b.CompareTo(a))
            : Comparer<long>.Default);
    }

    public Side Side { get; }

    public int LevelCount => _levels.Count;

    public PriceLevel? Best
    {
        get
        {
            foreach (var level in _levels.Values)
            {
                return level;
            }

            return null;
        }
    }

    /// <summary>Levels from best to worst.</summary>
    public IEnumerable<PriceLevel> Levels => _levels.Values;

    public PriceLevel? LevelAt(long price) => _levels.GetValueOrDefault(price);

    /// <summary>Whether an order at <paramref name="price"/> on the other side would trade with this level.</summary>
    public bool Crosses(PriceLevel level, long price) => Side == Side.Sell ? level.Price <= price : level.Price >= price;

    internal void Add(BookOrder order)
    {
        if (!_levels.TryGetValue(order.PriceNgweePerKwh, out var level))
        {
            level = new PriceLevel(order.PriceNgweePerKwh);
            _levels.Add(level.Price, level);
        }

        level.Append(order);
    }

    internal void Remove(BookOrder order)
    {
        var level = order.Level!;
        level.Remove(order);
        if (level.Count == 0)
        {
            _levels.Remove(level.Price);
        }
    }
}
