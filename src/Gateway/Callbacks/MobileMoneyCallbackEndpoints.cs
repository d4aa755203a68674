using Enerlectra.Abstractions.Deposits;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.PhoneVerifications;
using Enerlectra.MobileMoney;
using Enerlectra.MobileMoney.Airtel;
using Enerlectra.MobileMoney.Zamtel;

namespace Enerlectra.Gateway.Callbacks;

/// <summary>
/// Where providers report payment outcomes. Callbacks can be forged, duplicated, reordered, replayed, flooded or lost,
/// so a callback only wakes the trade (or phone verification, or deposit) up: it asks the provider for the real status
/// before it acts (at most once per interval however many arrive), and the poller covers callbacks that never arrive.
/// Airtel's are also signed, and refused when the signature is wrong or when the same signed callback comes again.
/// </summary>
/// <remarks>
/// Answers: 200 taken (or nothing to do: no open payment has that reference); 400 the body names another
/// transaction than the URL; 401 Airtel hash missing or wrong; 404 no reference; 409 a signed callback this trade
/// already received (a replay); 413 body too large; 429 over the rate limit (<see cref="RateLimits.GatewayRateLimiting"/>).
/// </remarks>
public static class MobileMoneyCallbackEndpoints
{
    public static IEndpointRouteBuilder MapMobileMoneyCallbacks(this IEndpointRouteBuilder endpoints)
    {
        var callbacks = endpoints.MapGroup("/api/callbacks")
            .AllowAnonymous()
            .WithMetadata(new RateLimits.RateLimitedAs(RateLimits.RequestKind.Callback));

        // MTN calls the X-Callback-Url of each request with PUT (POST in some versions). Its body names no reference.
        callbacks.MapMethods("/mtn/{referenceId}", [HttpMethods.Put, HttpMethods.Post],
                (string referenceId, HttpContext http) => HandleAsync(http, "Mtn", referenceId, _ => null, CallbackReaders.Mtn))
            .WithName("MtnMomoCallback");

        // Airtel and Zamtel call one URL configured with them; the reference is put in it where the provider allows
        // (see SandboxOptions), and Airtel's plain URL takes it from the body's transaction.id instead.
        callbacks.MapPost("/airtel/{referenceId}",
                (string referenceId, HttpContext http, IConfiguration configuration) => HandleAsync(
                    http, "Airtel", referenceId, AirtelCallback.NamedTransactionId, CallbackReaders.Airtel,
                    (tradeId, body, logger) => AirtelCallbackSecurity.Check(tradeId, body, configuration, logger)))
            .WithName("AirtelMoneyCallback");
        callbacks.MapPost("/airtel",
                (HttpContext http, IConfiguration configuration) => HandleAsync(
                    http, "Airtel", null, AirtelCallback.NamedTransactionId, CallbackReaders.Airtel,
                    (tradeId, body, logger) => AirtelCallbackSecurity.Check(tradeId, body, configuration, logger)))
            .WithName("AirtelMoneyCallbackByBody");

        callbacks.MapPost("/zamtel/{referenceId}",
                (string referenceId, HttpContext http) => HandleAsync(http, "Zamtel", referenceId, ZamtelCallback.NamedReference, CallbackReaders.Zamtel))
            .WithName("ZamtelKwachaCallback");
        return endpoints;
    }

    /// <summary>
    /// The steps every provider shares: a bounded body; the reference (from the URL, else from the body); the
    /// provider's signature check (which may refuse); the body must not name another transaction than the URL; a log
    /// line; then a hint to what the reference stands for (a phone verification, a deposit, or a trade, which refuses
    /// a signed callback it has already had).
    /// </summary>
    /// <param name="urlReference">The reference in the URL, or null when the route takes it from the body.</param>
    /// <param name="namedReference">The reference the body names, if the provider's bodies name one.</param>
    private static async Task<IResult> HandleAsync(
        HttpContext http,
        string provider,
        string? urlReference,
        Func<string, string?> namedReference,
        Action<Guid, string, ILogger> describe,
        Func<Guid, string, ILogger, (IResult? Refusal, string? SignedId)>? authenticate = null)
    {
        var body = await CallbackBody.ReadAsync(http.Request, http.RequestAborted);
        if (body is null)
        {
            return CallbackRefusals.TooLarge();
        }

        var named = namedReference(body);
        if (!Guid.TryParse(urlReference ?? named, out var tradeId))
        {
            return CallbackRefusals.NoReference();
        }

        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger($"Enerlectra.Gateway.Callbacks.{provider}");
        string? signedId = null;
        if (authenticate is not null)
        {
            (var refusal, signedId) = authenticate(tradeId, body, logger);
            if (refusal is not null)
            {
                return refusal;
            }
        }

        // A (perhaps genuinely signed) callback about one transaction posted to another's URL is someone's mistake or
        // an attempt to wake a payment with somebody else's message: never pass it on.
        if (named is not null && !(Guid.TryParse(named, out var namedId) && namedId == tradeId))
        {
            logger.LogWarning("Refused a {Provider} callback posted for {TradeId} that names transaction {Named}", provider, tradeId, named);
            return CallbackRefusals.OtherTransaction();
        }

        var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
        var listed = await CallbackTargets.FindAsync(grains, tradeId, logger);
        if (listed is { Kind: PendingKind.PhoneVerification, Owner: { } userId })
        {
            // Trades, phone verifications and deposits share the providers' callback URLs; a verification only needs the hint.
            describe(tradeId, body, logger);
            await grains.GetGrain<IPhoneVerificationGrain>(tradeId, userId, null).ProviderCallbackAsync();
            return Results.Ok();
        }

        if (listed is { Kind: PendingKind.Deposit, Owner: { } depositor })
        {
            // So does a deposit: it asks the provider before acting, at most once per interval.
            describe(tradeId, body, logger);
            await grains.GetGrain<IDepositGrain>(tradeId, depositor, null).ProviderCallbackAsync();
            return Results.Ok();
        }

        if (signedId is null && listed is not { Kind: PendingKind.Collection })
        {
            // Anyone can send unsigned callbacks, by the thousand, with made-up references. Only an open payment can
            // use one, and the reconciler's list says which are open from memory: an unknown reference costs neither
            // a payment grain activation nor a storage read (nor an information line in the log). Answered like any
            // hint, so it reveals nothing.
            logger.LogDebug("{Provider} callback for {TradeId}, which has no open payment: nothing to do", provider, tradeId);
            return Results.Ok();
        }

        describe(tradeId, body, logger);
        // Signed callbacks always reach the trade: only it remembers which it has had, and only the provider can sign.
        var outcome = await grains.GetGrain<IPaymentGrain>(tradeId).ProviderCallbackAsync(new ProviderCallback(provider, signedId));
        if (outcome == ProviderCallbackOutcome.Replayed)
        {
            logger.LogWarning("Refused a replayed {Provider} callback for {TradeId}", provider, tradeId);
            return CallbackRefusals.Replayed();
        }

        return Results.Ok();
    }
}
