using Enerlectra.Abstractions.Market;
using Enerlectra.Api.V1;
using Enerlectra.Exchange.Grains;
using Enerlectra.Exchange.Model;
using Enerlectra.Gateway.Auth;
using Enerlectra.Gateway.Mapping;
using Enerlectra.Gateway.Sessions;
using Enerlectra.Gateway.Streaming;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Enerlectra.Gateway.Services;

/// <summary>Limit orders for people and bots: one request each, or many over a streaming session.</summary>
[Authorize]
public sealed class OrderApiService(IGrainFactory grains, FeedHub hub, IOptions<MarketOptions> markets, ILogger<OrderApiService> logger)
    : OrderService.OrderServiceBase
{
    public override async Task<OrderResult> PlaceOrder(PlaceOrderRequest request, ServerCallContext context)
    {
        var marketId = Market(request.MarketId);
        var spec = OrderParsing.Spec(context.UserId(), request);
        return Result(await Book(marketId).PlaceOrderAsync(spec), marketId);
    }

    public override async Task<OrderResult> CancelOrder(CancelOrderRequest request, ServerCallContext context)
    {
        var marketId = Market(request.MarketId);
        return Result(await Book(marketId).CancelOrderAsync(context.UserId(), request.OrderId), marketId);
    }

    public override async Task<OrderResult> AmendOrder(AmendOrderRequest request, ServerCallContext context)
    {
        var marketId = Market(request.MarketId);
        var result = await Book(marketId).AmendOrderAsync(
            context.UserId(), request.OrderId,
            request.HasPriceNgweePerKwh ? request.PriceNgweePerKwh : null,
            request.HasQuantityWh ? request.QuantityWh : null);
        return Result(result, marketId);
    }

    public override async Task<ListOrdersResponse> ListOrders(ListOrdersRequest request, ServerCallContext context)
    {
        var marketId = Market(request.MarketId);
        var openOnly = OrderParsing.OpenOnly(request.Status);
        if (request.Limit is < 0 or > 1_000)
        {
            throw Abstractions.Errors.TradingException.Invalid("limit", "limit must be from 1 to 1000 (0 means 100).");
        }

        var orders = await Book(marketId).GetOrdersAsync(context.UserId(), openOnly, request.Limit == 0 ? 100 : request.Limit);
        var response = new ListOrdersResponse();
        response.Orders.AddRange(orders.Select(o => o.ToApi(marketId)));
        return response;
    }

    public override async Task<ListOrdersResponse> CancelAllOrders(CancelAllOrdersRequest request, ServerCallContext context)
    {
        var marketId = Market(request.MarketId);
        var result = await Book(marketId).CancelAllAsync(context.UserId(), CancelReason.Requested);
        var response = new ListOrdersResponse();
        response.Orders.AddRange(result.Orders.Select(o => o.ToApi(marketId)));
        return response;
    }

    public override Task OrderSession(IAsyncStreamReader<OrderSessionCommand> requestStream, IServerStreamWriter<OrderSessionEvent> responseStream, ServerCallContext context) =>
        new OrderSessionRunner(grains, hub, Market, context.UserId(), requestStream, responseStream, logger, context.CancellationToken).RunAsync();

    private string Market(string? marketId) => RequestParsing.MarketId(marketId, markets.Value);

    private IOrderBookGrain Book(string marketId) => grains.GetGrain<IOrderBookGrain>(marketId);

    private static OrderResult Result(OrderCommandResult result, string marketId)
    {
        var order = result.Orders[0];
        var response = new OrderResult { Order = order.ToApi(marketId), Replayed = result.Replayed };
        response.Fills.AddRange(result.Trades.Select(t => t.ToFill(order.OrderId)));
        return response;
    }
}
