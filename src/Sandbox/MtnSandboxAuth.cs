using System.Text;
using Microsoft.AspNetCore.Http;

namespace Enerlectra.Sandbox;

/// <summary>The MTN gateway's checks: subscription key on every call, Basic on the token call, Bearer and target environment on API calls.</summary>
internal static class MtnSandboxAuth
{
    public static IResult? CheckSubscriptionKey(HttpContext context, SandboxOptions options) =>
        context.Request.Headers[MtnSandboxHeaders.SubscriptionKey].ToString() == options.SubscriptionKey
            ? null
            : Results.Json(
                new { statusCode = 401, message = "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription." },
                statusCode: StatusCodes.Status401Unauthorized);

    public static IResult? CheckBasic(HttpContext context, SandboxOptions options)
    {
        string header = context.Request.Headers.Authorization.ToString();
        string expected = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ApiUser}:{options.ApiKey}"));
        return header == $"Basic {expected}"
            ? null
            : Results.Json(new { error = "login_failed", error_description = "Wrong API user or API key." }, statusCode: StatusCodes.Status401Unauthorized);
    }

    public static IResult? CheckApiCall(HttpContext context, MtnSandboxStore store)
    {
        if (CheckSubscriptionKey(context, store.Options) is { } denied)
        {
            return denied;
        }

        string header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !store.IsTokenValid(header["Bearer ".Length..]))
        {
            return Results.Json(
                MtnSandboxJson.Error("INVALID_ACCESS_TOKEN", "Access token is missing, unknown or expired."),
                statusCode: StatusCodes.Status401Unauthorized);
        }

        return context.Request.Headers[MtnSandboxHeaders.TargetEnvironment].ToString() == store.Options.TargetEnvironment
            ? null
            : Results.Json(
                MtnSandboxJson.Error("NOT_ALLOWED_TARGET_ENVIRONMENT", "Access to target environment is forbidden."),
                statusCode: StatusCodes.Status403Forbidden);
    }
}
