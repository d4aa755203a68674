namespace Enerlectra.Exchange.Book;

/// <summary>All resting orders at one price on one side, oldest first.</summary>
public sealed class PriceLevel(long price)
{
    public long Price { get; } = price;

    public long TotalWh { get; internal set; }

    public int Count { get; private set; }

    public BookOrder? Head { get; private set; }

    public BookOrder? Tail { get; private set; }

    internal void Append(BookOrder order)
    {
        order.Level = this;
        order.Previous = Tail;
        order.Next = null;
        if (Tail is null)
        {
            Head = order;
        }
        else
        {
            Tail.Next = order;
        }

        Tail = order;
        Count++;
        TotalWh += order.RemainingWh;
    }

    internal void Remove(BookOrder order)
    {
        if (order.Previous is null)
        {
            Head = order.Next;
        }
        else
        {
            order.Previous.Next = order.Next;
        }

        if (order.Next is null)
        {
            Tail = order.Previous;
        }
        else
        {
            order.Next.Previous = order.Previous;
        }

        order.Previous = order.Next = null;
        order.Level = null;
        Count--;
        TotalWh -= order.RemainingWh;
    }

    public IEnumerable<BookOrder> Orders()
    {
        for (var order = Head; order is not null; order = order.Next)
        {
            yield return order;
        }
    }
}
