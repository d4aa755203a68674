namespace Enerlectra.Grains.Infrastructure;

/// <summary>
/// The ids of the most recent operations applied to a grain's state, so a retried operation is recognised and not
/// applied twice. Bounded: retries come within minutes (reminders, client retries), far inside the window.
/// </summary>
[GenerateSerializer, Alias("enerlectra.AppliedOperations")]
public sealed class AppliedOperations
{
    [Id(0)] public List<string> Order { get; set; } = [];

    [NonSerialized]
    private HashSet<string>? _index;

    private HashSet<string> Index => _index ??= new HashSet<string>(Order, StringComparer.Ordinal);

    public bool Contains(string operationId) => Index.Contains(operationId);

    /// <summary>Records an operation; returns false if it was already recorded.</summary>
    public bool Add(string operationId, int capacity)
    {
        if (!Index.Add(operationId))
        {
            return false;
        }

        Order.Add(operationId);
        if (Order.Count > capacity)
        {
            var excess = Order.Count - capacity;
            for (var i = 0; i < excess; i++)
            {
                Index.Remove(Order[i]);
            }

            Order.RemoveRange(0, excess);
        }

        return true;
    }

    /// <summary>Forgets an operation whose change could not be saved, so a retry applies it again.</summary>
    public void Remove(string operationId)
    {
        if (Index.Remove(operationId))
        {
            Order.Remove(operationId);
        }
    }
}
