using System.Text;
using Microsoft.AspNetCore.Http;

namespace Enerlectra.Sandbox.Mtn;

/// <summary>
/// The MTN gateway's checks for one product (Collection or Disbursement): its subscription key on every call, its
/// Basic credentials on the token call, a Bearer token it issued and the target environment on API calls.
/// </summary>
internal sealed record MtnSandboxAuth(string SubscriptionKey, string ApiUser, string ApiKey, SandboxTokenRegistry Tokens, string TargetEnvironment)
{
    public static MtnSandboxAuth Collection(SandboxStore store) => new(
        store.Options.SubscriptionKey, store.Options.ApiUser, store.Options.ApiKey, store.MtnCollectionTokens, store.Options.TargetEnvironment);

    public static MtnSandboxAuth Disbursement(SandboxStore store) => new(
        store.Options.DisbursementSubscriptionKey, store.Options.DisbursementApiUser, store.Options.DisbursementApiKey,
        store.MtnDisbursementTokens, store.Options.TargetEnvironment);

    public IResult? CheckSubscriptionKey(HttpContext context) =>
        context.Request.Headers[MtnSandboxHeaders.SubscriptionKey].ToString() == SubscriptionKey
            ? null
            : Results.Json(
                new { statusCode = 401, message = "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription." },
                statusCode: StatusCodes.Status401Unauthorized);

    public IResult? CheckBasic(HttpContext context)
    {
        string header = context.Request.Headers.Authorization.ToString();
        string expected = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ApiUser}:{ApiKey}"));
        return header == $"Basic {expected}"
            ? null
            : Results.Json(new { error = "login_failed", error_description = "Wrong API user or API key." }, statusCode: StatusCodes.Status401Unauthorized);
    }

    public IResult? CheckApiCall(HttpContext context)
    {
        if (CheckSubscriptionKey(context) is { } denied)
        {
            return denied;
        }

        if (!Tokens.IsValidBearer(context.Request.Headers.Authorization.ToString()))
        {
            return Results.Json(
                MtnSandboxJson.Error("INVALID_ACCESS_TOKEN", "Access token is missing, unknown or expired."),
                statusCode: StatusCodes.Status401Unauthorized);
        }

        return context.Request.Headers[MtnSandboxHeaders.TargetEnvironment].ToString() == TargetEnvironment
            ? null
            : Results.Json(
                MtnSandboxJson.Error("NOT_ALLOWED_TARGET_ENVIRONMENT", "Access to target environment is forbidden."),
                statusCode: StatusCodes.Status403Forbidden);
    }
}
