using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Enerlectra.Sandbox.Airtel;

/// <summary>
/// The Airtel Africa Open API as the sandbox serves it: OAuth2 token, collections (/merchant/v1/payments/,
/// /standard/v1/payments/{id}) and disbursements (/standard/v2/disbursements/). Numbers arrive without the country
/// code; the sandbox stores them with "260" so the ledger and number table match the other providers.
/// </summary>
internal static class AirtelSandboxEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, SandboxStore store)
    {
        endpoints.MapPost("/auth/oauth2/token", (HttpContext context, CancellationToken ct) => IssueTokenAsync(context, store, ct));
        endpoints.MapPost("/merchant/v1/payments/", (HttpContext context, CancellationToken ct) => CollectAsync(context, store, ct));
        endpoints.MapGet("/standard/v1/payments/{id}", (HttpContext context, string id) => Status(context, store, store.AirtelCollections, id));
        endpoints.MapPost("/standard/v2/disbursements/", (HttpContext context, CancellationToken ct) => DisburseAsync(context, store, ct));
        endpoints.MapGet("/standard/v2/disbursements/{id}", (HttpContext context, string id) => Status(context, store, store.AirtelPayouts, id));
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext context, SandboxStore store, CancellationToken ct)
    {
        JsonObject? body = await SandboxJsonFields.ReadObjectAsync(context, ct);
        if (SandboxJsonFields.String(body, "client_id") != store.Options.AirtelClientId
            || SandboxJsonFields.String(body, "client_secret") != store.Options.AirtelClientSecret
            || SandboxJsonFields.String(body, "grant_type") != "client_credentials")
        {
            return Results.Json(
                new { error = "invalid_client", error_description = "Client authentication failed." },
                statusCode: StatusCodes.Status401Unauthorized);
        }

        long seconds = (long)store.Options.TokenLifetime.TotalSeconds;
        JsonNode expiresIn = store.Options.AirtelExpiresInAsString
            ? JsonValue.Create(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : JsonValue.Create(seconds);
        return Results.Json(new JsonObject
        {
            ["access_token"] = store.AirtelTokens.Issue(store.Options.TokenLifetime),
            ["expires_in"] = expiresIn,
            ["token_type"] = "bearer",
        });
    }

    private static async Task<IResult> CollectAsync(HttpContext context, SandboxStore store, CancellationToken ct)
    {
        SandboxBook book = store.AirtelCollections;
        (IResult? denied, CreateBody? create) = await ReadCreateAsync(context, store, book, "subscriber", ct);
        if (denied is not null)
        {
            return denied;
        }

        if (create is not (var body, var subscriber, var transaction)
            || SandboxJsonFields.String(subscriber, "country") != store.Options.AirtelCountry
            || SandboxJsonFields.String(subscriber, "currency") != store.Options.Currency
            || SandboxJsonFields.String(transaction, "country") != store.Options.AirtelCountry
            || SandboxJsonFields.String(transaction, "currency") != store.Options.Currency)
        {
            return BadRequest("Body must be {reference, subscriber:{country, currency, msisdn}, transaction:{amount, country, currency, id}}.");
        }

        return await SubmitAsync(
            book, SandboxJsonFields.String(subscriber, "msisdn"), transaction, store.Options.AirtelCallbackUrl, body,
            SandboxPhoneVerification.IsMarked(SandboxJsonFields.String(body, "reference")));
    }

    private static async Task<IResult> DisburseAsync(HttpContext context, SandboxStore store, CancellationToken ct)
    {
        SandboxBook book = store.AirtelPayouts;
        (IResult? denied, CreateBody? create) = await ReadCreateAsync(context, store, book, "payee", ct);
        if (denied is not null)
        {
            return denied;
        }

        if (create is not (var body, var payee, var transaction)
            || SandboxJsonFields.String(payee, "wallet_type") != "NORMAL"
            || SandboxJsonFields.String(transaction, "type") != "B2C")
        {
            return BadRequest("Body must be {payee:{msisdn, wallet_type:\"NORMAL\"}, reference, pin, transaction:{amount, id, type:\"B2C\"}}.");
        }

        if (SandboxJsonFields.String(body, "pin") != store.Options.AirtelDisbursementPin)
        {
            return Results.Json(
                AirtelSandboxJson.Envelope(400, "Invalid PIN", "DP00900001003", false),
                statusCode: StatusCodes.Status400BadRequest);
        }

        return await SubmitAsync(book, SandboxJsonFields.String(payee, "msisdn"), transaction, store.Options.AirtelCallbackUrl, body);
    }

    /// <summary>
    /// Counts a create call and checks its token and headers (a refusal in Denied), then reads the body shape both
    /// products share: {reference, &lt;party&gt;:{...}, transaction:{...}}. Create is null when the body lacks it.
    /// </summary>
    private static async Task<(IResult? Denied, CreateBody? Create)> ReadCreateAsync(
        HttpContext context, SandboxStore store, SandboxBook book, string partyField, CancellationToken ct)
    {
        book.CountSubmit();
        if (CheckApiCall(context, store) is { } denied)
        {
            return (denied, null);
        }

        JsonObject? body = await SandboxJsonFields.ReadObjectAsync(context, ct);
        return body is not null
            && body[partyField] is JsonObject party
            && body["transaction"] is JsonObject transaction
            && SandboxJsonFields.String(body, "reference") is not null
                ? (null, new CreateBody(body, party, transaction))
                : (null, null);
    }

    private static async Task<IResult> SubmitAsync(
        SandboxBook book, string? national, JsonObject transaction, string? callbackTemplate, JsonObject body, bool phoneVerification = false)
    {
        if (!SandboxJsonFields.IsDigits(national, 9))
        {
            return BadRequest("msisdn must be the nine national digits, without the country code.");
        }

        if (!SandboxAmount.TryParse(SandboxJsonFields.NumberText(transaction, "amount"), out long amountNgwee))
        {
            return BadRequest("transaction.amount must be a positive JSON number with at most two decimals.");
        }

        if (!Guid.TryParseExact(SandboxJsonFields.String(transaction, "id"), "D", out Guid referenceId))
        {
            return BadRequest("transaction.id must be our reference (a hyphenated UUID).");
        }

        SandboxSubmitResult result = book.Submit(
            referenceId, "260" + national, amountNgwee, body, SandboxCallbackUrl.Resolve(callbackTemplate, referenceId), phoneVerification);
        await book.DelayIfSlowAsync(result);
        var accepted = new JsonObject { ["id"] = referenceId.ToString("D"), ["status"] = "TIP" };
        return result switch
        {
            SandboxSubmitResult.Accepted or SandboxSubmitResult.AcceptedSlowly or SandboxSubmitResult.Lost =>
                Results.Json(AirtelSandboxJson.Envelope(200, "SUCCESS", "ESB000010", true, accepted)),
            SandboxSubmitResult.Duplicate => Results.Json(
                AirtelSandboxJson.Envelope(409, "Duplicate transaction id", AirtelSandboxJson.DuplicateResultCode, false),
                statusCode: StatusCodes.Status409Conflict),
            _ => Results.Json(
                AirtelSandboxJson.Envelope(503, "Service temporarily unavailable", "ESB000039", false),
                statusCode: StatusCodes.Status503ServiceUnavailable),
        };
    }

    private static IResult Status(HttpContext context, SandboxStore store, SandboxBook book, string id)
    {
        book.CountStatusQuery(id);
        if (CheckApiCall(context, store) is { } denied)
        {
            return denied;
        }

        return Guid.TryParseExact(id, "D", out Guid referenceId) && book.Find(referenceId) is { } entry
            ? Results.Json(AirtelSandboxJson.Envelope(200, "SUCCESS", "ESB000010", true, AirtelSandboxJson.Transaction(entry)))
            : Results.Json(
                AirtelSandboxJson.Envelope(404, "Transaction not found", "ESB000008", false),
                statusCode: StatusCodes.Status404NotFound);
    }

    private static IResult? CheckApiCall(HttpContext context, SandboxStore store)
    {
        if (!store.AirtelTokens.IsValidBearer(context.Request.Headers.Authorization.ToString()))
        {
            return Results.Json(
                AirtelSandboxJson.Envelope(401, "Authorization failed: invalid or expired token", "ESB000011", false),
                statusCode: StatusCodes.Status401Unauthorized);
        }

        return context.Request.Headers["X-Country"].ToString() == store.Options.AirtelCountry
            && context.Request.Headers["X-Currency"].ToString() == store.Options.Currency
                ? null
                : BadRequest($"X-Country must be {store.Options.AirtelCountry} and X-Currency {store.Options.Currency}.");
    }

    private sealed record CreateBody(JsonObject Body, JsonObject Party, JsonObject Transaction);

    private static IResult BadRequest(string message) =>
        Results.Json(AirtelSandboxJson.Envelope(400, message, "ESB000001", false), statusCode: StatusCodes.Status400BadRequest);
}
