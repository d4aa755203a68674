namespace Enerlectra.Exchange;

/// <summary>A set that remembers at most its capacity of the most recently added items (oldest forgotten first).</summary>
public sealed class RecentSet<T>(int capacity, IEqualityComparer<T>? comparer = null) where T : notnull
{
    private readonly HashSet<T> _items = new(comparer);
    private readonly Queue<T> _order = new();

    public int Count => _items.Count;

    public IEnumerable<T> InOrder => _order;

    public bool Contains(T item) => _items.Contains(item);

    public void Add(T item)
    {
        if (!_items.Add(item))
        {
            return;
        }

        _order.Enqueue(item);
        while (_order.Count > capacity)
        {
            _items.Remove(_order.Dequeue());
        }
    }
}
