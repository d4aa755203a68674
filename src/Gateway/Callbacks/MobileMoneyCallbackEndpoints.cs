using Enerlectra.Abstractions.Payments;
using Enerlectra.MobileMoney;

namespace Enerlectra.Gateway.Callbacks;

/// <summary>
/// Where providers report payment outcomes. Callbacks are unsigned and can be forged, duplicated, reordered or lost,
/// so a callback only wakes the trade up: the trade asks the provider for the real status before it acts, and the
/// poller covers callbacks that never arrive.
/// </summary>
public static class MobileMoneyCallbackEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapMobileMoneyCallbacks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/api/callbacks/mtn/{referenceId}", [HttpMethods.Put, HttpMethods.Post], HandleMtnAsync)
            .AllowAnonymous()
            .WithName("MtnMomoCallback");
        return endpoints;
    }

    private static async Task<IResult> HandleMtnAsync(
        string referenceId, HttpRequest request, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Enerlectra.Gateway.Callbacks.Mtn");
        if (!Guid.TryParse(referenceId, out var tradeId))
        {
            return Results.NotFound();
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        if (MtnCallback.TryParse(body, out var callback))
        {
            logger.LogInformation("MTN callback for {TradeId}: {Status}", tradeId, callback.State);
        }
        else
        {
            logger.LogWarning("Unreadable MTN callback for {TradeId}; checking the payment's status anyway", tradeId);
        }

        await grains.GetGrain<IPaymentGrain>(tradeId).ProviderCallbackAsync();
        return Results.Ok();
    }
}
