namespace Enerlectra.Exchange.Model;

[GenerateSerializer, Alias("enerlectra.exchange.OrderStatus")]
public enum OrderStatus
{
    Open = 0,
    PartiallyFilled = 1,
    Filled = 2,
    Cancelled = 3,
    Expired = 4,
}

public static class OrderStatusNames
{
    /// <summary>The API's snake_case word for a status.</summary>
    public static string Name(this OrderStatus status) => status switch
    {
        OrderStatus.Open => "open",
        OrderStatus.PartiallyFilled => "partially_filled",
        OrderStatus.Filled => "filled",
        OrderStatus.Cancelled => "cancelled",
        _ => "expired",
    };

    /// <summary>The same status as words in a sentence ("partially filled").</summary>
    public static string Words(this OrderStatus status) => status.Name().Replace('_', ' ');

    public static bool IsClosed(this OrderStatus status) => status is OrderStatus.Filled or OrderStatus.Cancelled or OrderStatus.Expired;
}
