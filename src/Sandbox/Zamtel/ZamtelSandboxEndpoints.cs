using System.Text.Json.Nodes;
using Enerlectra.Sandbox.Mtn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Enerlectra.Sandbox.Zamtel;

/// <summary>Our provisional Zamtel Kwacha protocol (src/MobileMoney/Zamtel/ZAMTEL.md): collections and payouts by reference.</summary>
internal static class ZamtelSandboxEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, SandboxStore store)
    {
        MapProduct(endpoints, store, store.ZamtelCollections, "/zamtel/v1/collections");
        MapProduct(endpoints, store, store.ZamtelPayouts, "/zamtel/v1/payouts");
    }

    private static void MapProduct(IEndpointRouteBuilder endpoints, SandboxStore store, SandboxBook book, string path)
    {
        endpoints.MapPost(path, (HttpContext context, CancellationToken ct) => CreateAsync(context, store, book, ct));
        endpoints.MapGet(path + "/{reference}", (HttpContext context, string reference) =>
        {
            book.CountStatusQuery(reference);
            if (CheckApiKey(context, store) is { } denied)
            {
                return denied;
            }

            return Guid.TryParseExact(reference, "D", out Guid referenceId) && book.Find(referenceId) is { } entry
                ? Results.Json(ZamtelSandboxJson.StatusBody(entry))
                : Results.Json(ZamtelSandboxJson.Error("NOT_FOUND", "No such reference."), statusCode: StatusCodes.Status404NotFound);
        });
    }

    private static async Task<IResult> CreateAsync(HttpContext context, SandboxStore store, SandboxBook book, CancellationToken ct)
    {
        book.CountSubmit();
        if (CheckApiKey(context, store) is { } denied)
        {
            return denied;
        }

        JsonObject? body = await SandboxJsonFields.ReadObjectAsync(context, ct);
        if (body is null)
        {
            return BadRequest("INVALID_REQUEST", "The body must be a JSON object.");
        }

        if (!Guid.TryParseExact(SandboxJsonFields.String(body, "reference"), "D", out Guid referenceId))
        {
            return BadRequest("INVALID_REFERENCE", "reference must be a hyphenated UUID.");
        }

        string? msisdn = SandboxJsonFields.String(body, "msisdn");
        if (!SandboxJsonFields.IsDigits(msisdn, 12) || !msisdn!.StartsWith("260", StringComparison.Ordinal))
        {
            return BadRequest("INVALID_MSISDN", "msisdn must be 260 followed by nine digits.");
        }

        if (SandboxJsonFields.Integer(body, "amountNgwee") is not { } amountNgwee || amountNgwee <= 0)
        {
            return BadRequest("INVALID_AMOUNT", "amountNgwee must be a positive integer.");
        }

        SandboxSubmitResult result = book.Submit(
            referenceId, msisdn, amountNgwee, body, SandboxCallbackUrl.Resolve(store.Options.ZamtelCallbackUrl, referenceId),
            phoneVerification: book == store.ZamtelCollections && SandboxPhoneVerification.IsMarked(SandboxJsonFields.String(body, "narration")));
        await book.DelayIfSlowAsync(result);
        return result switch
        {
            SandboxSubmitResult.Accepted or SandboxSubmitResult.AcceptedSlowly or SandboxSubmitResult.Lost => Results.Json(
                new JsonObject { ["reference"] = referenceId.ToString("D"), ["status"] = MtnSandboxStatus.Pending },
                statusCode: StatusCodes.Status202Accepted),
            SandboxSubmitResult.Duplicate => Results.Json(
                ZamtelSandboxJson.Error("DUPLICATE_REFERENCE", "A request with this reference already exists."),
                statusCode: StatusCodes.Status409Conflict),
            _ => Results.Json(
                ZamtelSandboxJson.Error("SERVICE_UNAVAILABLE", "The service is temporarily unavailable."),
                statusCode: StatusCodes.Status503ServiceUnavailable),
        };
    }

    private static IResult? CheckApiKey(HttpContext context, SandboxStore store) =>
        context.Request.Headers["X-Api-Key"].ToString() == store.Options.ZamtelApiKey
            ? null
            : Results.Json(ZamtelSandboxJson.Error("UNAUTHORIZED", "Missing or wrong X-Api-Key."), statusCode: StatusCodes.Status401Unauthorized);

    private static IResult BadRequest(string code, string message) =>
        Results.Json(ZamtelSandboxJson.Error(code, message), statusCode: StatusCodes.Status400BadRequest);
}
