using Enerlectra.Gateway.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Enerlectra.Gateway.Operators;

/// <summary>
/// /operator/sign-in turns an operator access token into a short session cookie (HTTP-only, SameSite=Strict) that
/// the dashboard accepts; the forms carry an antiforgery token. In the Development profile an operator can also be
/// signed in by name, as dev tokens allow anyway.
/// </summary>
public static class OperatorSignInEndpoints
{
    public static IEndpointRouteBuilder MapOperatorSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(OperatorSession.SignInPath, (HttpContext http, string? returnUrl, IAntiforgery antiforgery) =>
                Page(http, antiforgery, returnUrl, null, StatusCodes.Status200OK))
            .AllowAnonymous();

        endpoints.MapPost(OperatorSession.SignInPath, SignInAsync).AllowAnonymous().WithMetadata(new RateLimits.RateLimitedAs(RateLimits.RequestKind.SignIn));

        endpoints.MapPost(OperatorSession.SignOutPath, async (HttpContext http) =>
            {
                await http.SignOutAsync(OperatorSession.Scheme);
                return Results.Redirect(OperatorSession.SignInPath);
            })
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> SignInAsync(
        HttpContext http,
        [FromForm] string? token,
        [FromForm] string? devOperator,
        [FromForm] string? returnUrl,
        OperatorTokenValidator validator,
        OperatorDashboardOptions options,
        TimeProvider clock,
        IAntiforgery antiforgery)
    {
        System.Security.Claims.ClaimsIdentity? identity;
        DateTimeOffset expiresAt;
        string? refusal;
        if (!string.IsNullOrWhiteSpace(devOperator) && http.RequestServices.GetService<DevTokenIssuer>() is { } issuer)
        {
            var name = devOperator.Trim();
            if (!Abstractions.Identity.Ids.IsValidUserId(name))
            {
                return Page(http, antiforgery, returnUrl, "Operator names are 1-64 letters, digits, '.', '_', '@' or '-'.", StatusCodes.Status400BadRequest);
            }

            (identity, expiresAt, refusal) = await validator.ValidateAsync(issuer.Issue(name, [AuthOptions.OperatorRole]).Token, http.RequestAborted);
        }
        else
        {
            (identity, expiresAt, refusal) = await validator.ValidateAsync(token, http.RequestAborted);
        }

        if (identity is null)
        {
            return Page(http, antiforgery, returnUrl, refusal, StatusCodes.Status401Unauthorized);
        }

        var sessionEnds = clock.GetUtcNow() + options.SessionLifetime;
        await http.SignInAsync(OperatorSession.Scheme, new System.Security.Claims.ClaimsPrincipal(identity), new AuthenticationProperties
        {
            ExpiresUtc = expiresAt < sessionEnds ? expiresAt : sessionEnds,
            IsPersistent = false,
            AllowRefresh = false,
        });
        return Results.Redirect(LocalOrDashboard(returnUrl));
    }

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? message, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var signedIn = http.User.Identities.FirstOrDefault(i => i.AuthenticationType == OperatorSession.Scheme && i.IsAuthenticated)?.Name;
        var body = OperatorSignInPage.Render(
            tokens.FormFieldName, tokens.RequestToken ?? "", LocalOrDashboard(returnUrl), message,
            http.RequestServices.GetService<DevTokenIssuer>() is not null, signedIn);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(body, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>Only a path on this server: a sign-in link must not be able to send an operator elsewhere.</summary>
    private static string LocalOrDashboard(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= 512 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains('\n') && !url.Contains('\r')
            ? url
            : OperatorSession.DashboardPath;
}
