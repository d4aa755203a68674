using Enerlectra.MobileMoney;

namespace Enerlectra.Gateway.Callbacks;

/// <summary>
/// Where providers report payment outcomes. Callbacks can be forged, duplicated, reordered or lost, so a callback
/// only wakes the trade (or phone verification) up: it asks the provider for the real status before it acts, and the
/// poller covers callbacks that never arrive. Airtel's are also signed, and refused when the signature is wrong.
/// </summary>
public static class MobileMoneyCallbackEndpoints
{
    public static IEndpointRouteBuilder MapMobileMoneyCallbacks(this IEndpointRouteBuilder endpoints)
    {
        // MTN calls the X-Callback-Url of each request with PUT (POST in some versions).
        endpoints.MapMethods("/api/callbacks/mtn/{referenceId}", [HttpMethods.Put, HttpMethods.Post],
                (string referenceId, HttpContext http) => HandleAsync(http, "Mtn", _ => referenceId, CallbackReaders.Mtn))
            .AllowAnonymous()
            .WithName("MtnMomoCallback");

        // Airtel and Zamtel call one URL configured with them; the reference is put in it where the provider allows
        // (see SandboxOptions), and Airtel's plain URL takes it from the body's transaction.id instead.
        endpoints.MapPost("/api/callbacks/airtel/{referenceId}",
                (string referenceId, HttpContext http, IConfiguration configuration) => HandleAsync(
                    http, "Airtel", _ => referenceId, CallbackReaders.Airtel,
                    (tradeId, body, logger) => AirtelCallbackSecurity.Check(tradeId, body, configuration, logger)))
            .AllowAnonymous()
            .WithName("AirtelMoneyCallback");
        endpoints.MapPost("/api/callbacks/airtel",
                (HttpContext http, IConfiguration configuration) => HandleAsync(
                    http, "Airtel", body => AirtelCallback.TryParse(body, out var callback) ? callback.TransactionId : null, CallbackReaders.Airtel,
                    (tradeId, body, logger) => AirtelCallbackSecurity.Check(tradeId, body, configuration, logger)))
            .AllowAnonymous()
            .WithName("AirtelMoneyCallbackByBody");

        endpoints.MapPost("/api/callbacks/zamtel/{referenceId}",
                (string referenceId, HttpContext http) => HandleAsync(http, "Zamtel", _ => referenceId, CallbackReaders.Zamtel))
            .AllowAnonymous()
            .WithName("ZamtelKwachaCallback");
        return endpoints;
    }

    /// <summary>
    /// The steps every provider shares: a bounded body, the reference (from the URL or the body), the provider's
    /// check (which may refuse), a log line, then a hint to whatever the reference stands for. An unknown reference
    /// is harmless: the grain it reaches has no request, logs it and changes nothing.
    /// </summary>
    private static async Task<IResult> HandleAsync(
        HttpContext http,
        string provider,
        Func<string, string?> referenceOf,
        Action<Guid, string, ILogger> describe,
        Func<Guid, string, ILogger, IResult?>? refuse = null)
    {
        var body = await CallbackBody.ReadAsync(http.Request, http.RequestAborted);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (!Guid.TryParse(referenceOf(body), out var tradeId))
        {
            return Results.NotFound();
        }

        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger($"Enerlectra.Gateway.Callbacks.{provider}");
        if (refuse?.Invoke(tradeId, body, logger) is { } refusal)
        {
            return refusal;
        }

        describe(tradeId, body, logger);
        await CallbackTargets.WakeAsync(http.RequestServices.GetRequiredService<IGrainFactory>(), tradeId, logger);
        return Results.Ok();
    }
}
