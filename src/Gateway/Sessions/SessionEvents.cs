using Enerlectra.Api.V1;
using Enerlectra.Exchange.Grains;
using Enerlectra.Exchange.Model;
using Enerlectra.Gateway.Mapping;

namespace Enerlectra.Gateway.Sessions;

/// <summary>What an order session tells its client, built from command results and feed items.</summary>
public static class SessionEvents
{
    public static OrderSessionEvent FromUpdate(MarketFeedItem item, string marketId, string tag)
    {
        var update = item.Order!;
        var e = new OrderSessionEvent
        {
            Type = update.Event,
            Tag = tag,
            ClientOrderId = update.Order.ClientOrderId,
            Sequence = item.Sequence,
            Order = update.Order.ToApi(marketId),
        };
        if (update.Fill is { } fill)
        {
            e.Fill = fill.ToFill(update.Order.OrderId);
        }

        return e;
    }

    public static OrderSessionEvent Rejected(string tag, string? clientOrderId, Rejection rejection) => new()
    {
        Type = "rejected",
        Tag = tag,
        ClientOrderId = clientOrderId ?? "",
        Code = OrderMapping.Code(rejection.Kind),
        Field = rejection.Field ?? "",
        Message = rejection.Message,
    };

    /// <summary>An answer that changed nothing (a retried place, a cancel of a closed order): the order as it stands.</summary>
    public static OrderSessionEvent Unchanged(string tag, Exchange.Model.OrderView order, string marketId, bool placed) => new()
    {
        Type = placed ? "accepted" : order.Status.Name(),
        Tag = tag,
        ClientOrderId = order.ClientOrderId,
        Order = order.ToApi(marketId),
    };
}
