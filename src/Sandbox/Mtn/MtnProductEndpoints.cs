using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Enerlectra.Sandbox.Mtn;

/// <summary>
/// One MTN MoMo product as the sandbox serves it — Collection (token, request-to-pay, status) or Disbursement
/// (token, transfer, status). The two differ only in paths, credentials and the party field ("payer"/"payee").
/// </summary>
internal static class MtnProductEndpoints
{
    private const int MaxNoteLength = 160;

    public static void Map(IEndpointRouteBuilder endpoints, SandboxStore store)
    {
        MapProduct(endpoints, store, MtnSandboxAuth.Collection(store), store.MtnCollections, MtnSandboxPaths.Token, MtnSandboxPaths.RequestToPay, "payer");
        MapProduct(endpoints, store, MtnSandboxAuth.Disbursement(store), store.MtnTransfers, MtnSandboxPaths.DisbursementToken, MtnSandboxPaths.Transfer, "payee");
    }

    private static void MapProduct(
        IEndpointRouteBuilder endpoints, SandboxStore store, MtnSandboxAuth auth, SandboxBook book, string tokenPath, string createPath, string partyField)
    {
        endpoints.MapPost(tokenPath, (HttpContext context) => IssueToken(context, store, auth));
        endpoints.MapPost(
            createPath,
            (HttpContext context, CancellationToken cancellationToken) => CreateAsync(context, store, auth, book, partyField, cancellationToken));
        endpoints.MapGet(createPath + "/{referenceId}", (HttpContext context, string referenceId) => Status(context, store, auth, book, partyField, referenceId));
    }

    private static IResult IssueToken(HttpContext context, SandboxStore store, MtnSandboxAuth auth)
    {
        if ((auth.CheckSubscriptionKey(context) ?? auth.CheckBasic(context)) is { } denied)
        {
            return denied;
        }

        return Results.Json(new
        {
            access_token = auth.Tokens.Issue(store.Options.TokenLifetime),
            token_type = "access_token",
            expires_in = (long)store.Options.TokenLifetime.TotalSeconds,
        });
    }

    private static async Task<IResult> CreateAsync(
        HttpContext context, SandboxStore store, MtnSandboxAuth auth, SandboxBook book, string partyField, CancellationToken cancellationToken)
    {
        book.CountSubmit();
        if (auth.CheckApiCall(context) is { } denied)
        {
            return denied;
        }

        if (!MtnSandboxReference.TryParse(context.Request.Headers[MtnSandboxHeaders.ReferenceId], out Guid referenceId))
        {
            return BadRequest("INVALID_REFERENCE_ID", "X-Reference-Id must be a UUID version 4.");
        }

        Uri? callbackUrl = null;
        string callbackText = context.Request.Headers[MtnSandboxHeaders.CallbackUrl].ToString();
        if (callbackText.Length > 0
            && (!Uri.TryCreate(callbackText, UriKind.Absolute, out callbackUrl) || callbackUrl.Scheme is not ("http" or "https")))
        {
            return BadRequest("INVALID_CALLBACK_URL", "X-Callback-Url must be an absolute http(s) URL.");
        }

        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            return BadRequest("INVALID_REQUEST", "The body must be a JSON object.");
        }

        if (!TryString(body, "amount", out string? amountText) || !SandboxAmount.TryParse(amountText, out long amountNgwee))
        {
            return BadRequest("INVALID_AMOUNT", "amount must be a string with a positive amount and at most two decimals, e.g. \"12.34\".");
        }

        if (!TryString(body, "currency", out string? currency) || currency != store.Options.Currency)
        {
            return BadRequest("INVALID_CURRENCY", $"currency must be {store.Options.Currency}.");
        }

        if (body[partyField] is not JsonObject payer
            || !TryString(payer, "partyIdType", out string? partyIdType) || partyIdType != "MSISDN"
            || !TryString(payer, "partyId", out string? msisdn) || msisdn is not { Length: >= 9 and <= 15 } || !msisdn.All(char.IsAsciiDigit))
        {
            return BadRequest(partyField == "payer" ? "INVALID_PAYER" : "INVALID_PAYEE", $"{partyField} must be {{partyIdType: \"MSISDN\", partyId: digits with country code}}.");
        }

        if (!TryOptionalString(body, "externalId", out string externalId)
            || !TryOptionalString(body, "payerMessage", out string payerMessage)
            || !TryOptionalString(body, "payeeNote", out string payeeNote)
            || payerMessage.Length > MaxNoteLength || payeeNote.Length > MaxNoteLength)
        {
            return BadRequest("INVALID_REQUEST", $"externalId, payerMessage and payeeNote must be strings (notes at most {MaxNoteLength} characters).");
        }

        SandboxSubmitResult result = book.Submit(
            referenceId,
            msisdn,
            amountNgwee,
            new MtnSandboxSubmission(referenceId, msisdn, amountNgwee, currency, externalId, payerMessage, payeeNote, callbackUrl),
            callbackUrl,
            phoneVerification: partyField == "payer" && SandboxPhoneVerification.IsMarked(externalId));
        await book.DelayIfSlowAsync(result);
        return result switch
        {
            SandboxSubmitResult.Accepted or SandboxSubmitResult.AcceptedSlowly or SandboxSubmitResult.Lost => Results.StatusCode(StatusCodes.Status202Accepted),
            SandboxSubmitResult.Duplicate => Results.Json(
                MtnSandboxJson.Error("RESOURCE_ALREADY_EXIST", "Duplicated reference id. Creation of resource failed."),
                statusCode: StatusCodes.Status409Conflict),
            _ => Results.Json(
                MtnSandboxJson.Error("SERVICE_UNAVAILABLE", "The service is temporarily unavailable."),
                statusCode: StatusCodes.Status503ServiceUnavailable),
        };
    }

    private static IResult Status(HttpContext context, SandboxStore store, MtnSandboxAuth auth, SandboxBook book, string partyField, string referenceId)
    {
        book.CountStatusQuery(referenceId);
        if (auth.CheckApiCall(context) is { } denied)
        {
            return denied;
        }

        if (!MtnSandboxReference.TryParse(referenceId, out Guid reference))
        {
            return BadRequest("INVALID_REFERENCE_ID", "The reference must be a UUID version 4.");
        }

        return book.Find(reference) is { } transaction
            ? Results.Json(MtnSandboxJson.StatusBody(transaction, store.Options, partyField))
            : Results.Json(
                MtnSandboxJson.Error("RESOURCE_NOT_FOUND", "Requested resource was not found."),
                statusCode: StatusCodes.Status404NotFound);
    }

    private static IResult BadRequest(string code, string message) =>
        Results.Json(MtnSandboxJson.Error(code, message), statusCode: StatusCodes.Status400BadRequest);

    private static bool TryString(JsonObject obj, string name, out string? value)
    {
        value = obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        return value is not null;
    }

    private static bool TryOptionalString(JsonObject obj, string name, out string value)
    {
        if (obj[name] is null)
        {
            value = string.Empty;
            return true;
        }

        bool ok = TryString(obj, name, out string? text);
        value = text ?? string.Empty;
        return ok;
    }
}
