using System.Globalization;
using System.Security.Claims;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.WebSessions;
using Enerlectra.Gateway.Auth;
using Enerlectra.Gateway.Hosting;
using Enerlectra.Gateway.RateLimits;
using Enerlectra.Gateway.Validation;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Enerlectra.Gateway.WebSessions;

/// <summary>
/// The browser app's sign-in, session, refresh and logout routes under /api/session (see SECURITY.md, "Web sessions").
/// They are not API calls, so the API's CSRF check does not apply to them: sign-in proves itself with a bearer token
/// (or, in Development, a user name), refresh with the refresh cookie and the X-Device-Id header, which a page on
/// another site can neither read nor send; and the cookies are SameSite=Strict.
/// </summary>
public static class WebSessionEndpoints
{
    public const string Path = "/api/session";

    public static IEndpointRouteBuilder MapWebSessions(this IEndpointRouteBuilder endpoints)
    {
        var session = endpoints.MapGroup(Path).AllowAnonymous().WithMetadata(new RateLimitedAs(RequestKind.SignIn));
        session.MapPost(string.Empty, SignInAsync);
        session.MapGet("/sign-in", SignInChoices);
        session.MapGet(string.Empty, GetAsync);
        session.MapPost("/refresh", RefreshAsync);
        session.MapDelete(string.Empty, SignOutAsync);
        return endpoints;
    }

    private static async Task<IResult> SignInAsync(
        HttpContext http, WebSessionTokens tokens, WebSessionRevocations revocations, IGrainFactory grains, GatewayOptions gateway, WebSessionOptions options)
    {
        var (body, problem) = await SignInBody.ReadAsync(http.Request, gateway.Requests.MaxJsonBodyBytes);
        if (problem is not null)
        {
            return Refuse(RequestRefusal.Invalid(problem));
        }

        if (!DeviceIds.IsValid(body.DeviceId))
        {
            return Refuse(RequestRefusal.Invalid($"deviceId is required: {DeviceIds.Rule}."));
        }

        string userId;
        IReadOnlyList<string> roles;
        if (http.Request.Headers.Authorization.Count > 0)
        {
            // Production's sign-in: a token from the configured issuer, exchanged for a session of the same person.
            var bearer = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            if (bearer.Principal is not { } principal || !bearer.Succeeded)
            {
                return Unauthenticated("The bearer token is not valid: sign in with the identity provider again.");
            }

            if (principal.HasClaim(c => c.Type == WebSessionSchemes.FamilyClaim))
            {
                return Unauthenticated("A session's own access token cannot start another session.");
            }

            userId = principal.FindFirst(CallerIdentity.SubjectClaim)?.Value ?? "";
            if (!Ids.IsValidUserId(userId))
            {
                return Unauthenticated("The bearer token names no valid user (sub).");
            }

            if (body.UserId is not null && !string.Equals(body.UserId, userId, StringComparison.Ordinal))
            {
                return Refuse(new RequestRefusal(StatusCodes.Status403Forbidden, StatusCode.PermissionDenied, "userId must be the bearer token's own user (or left out)."));
            }

            roles = [.. principal.FindAll(CallerIdentity.RoleClaim).Select(c => c.Value).Distinct(StringComparer.Ordinal)];

            // Each issuer token starts one session at most: one left in a browser's history cannot start another.
            var token = http.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
            var tokenExpiresAt = bearer.Properties?.ExpiresUtc
                ?? (long.TryParse(principal.FindFirst("exp")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var exp)
                    ? DateTimeOffset.FromUnixTimeSeconds(exp)
                    : DateTimeOffset.UtcNow.AddDays(1));
            if (!await grains.GetGrain<ISignInTokenGrain>(WebSessionTokens.Hash(token)).UseAsync(tokenExpiresAt))
            {
                return Unauthenticated("This token was already used to sign in: sign in with the identity provider again for a new one.");
            }
        }
        else if (IsDevelopmentSignIn(http))
        {
            if (string.IsNullOrEmpty(body.UserId))
            {
                return Refuse(RequestRefusal.Invalid("userId is required (or sign in with Authorization: Bearer <token>)."));
            }

            if (!Ids.IsValidUserId(body.UserId))
            {
                return Refuse(RequestRefusal.Invalid("userId must be 1-64 letters, digits, '.', '_', '@' or '-'."));
            }

            // The normal user role, which is no role claim at all (as for dev tokens without roles).
            userId = body.UserId;
            roles = [];
        }
        else
        {
            return Unauthenticated("Sign in with Authorization: Bearer <token from the identity provider>.");
        }

        var familyId = WebSessionTokens.NewFamilyId();
        var (refresh, refreshExpiresAt) = tokens.NewRefresh(familyId);
        var started = await grains.GetGrain<IWebSessionFamilyGrain>(familyId).StartAsync(
            new WebSessionStart(userId, roles, body.DeviceId!, UserAgentHash(http), WebSessionTokens.Hash(refresh), refreshExpiresAt, options.KeptAfterExpiry));
        if (!started)
        {
            // 128 random bits collided: never in practice, and then not a session to hand out.
            return Refuse(new RequestRefusal(StatusCodes.Status409Conflict, StatusCode.Aborted, "Please sign in again."));
        }

        revocations.MarkActive(familyId);
        return Issue(http, tokens, userId, roles, familyId, refresh, refreshExpiresAt);
    }

    /// <summary>How the app's sign-in screen signs people in here: by name (Development only) or with the issuer.</summary>
    private static IResult SignInChoices(HttpContext http, WebAppSignInOptions options)
    {
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new WebSignInChoices(IsDevelopmentSignIn(http), options.SignInName, options.SignInUrl ?? string.Empty));
    }

    private static async Task<IResult> GetAsync(HttpContext http, WebSessionTokens tokens)
    {
        var result = await http.AuthenticateAsync(WebSessionSchemes.Cookie);
        if (!result.Succeeded || result.Principal?.FindFirst(WebSessionSchemes.FamilyClaim)?.Value is not { } familyId)
        {
            return Unauthenticated("No web session: sign in, or refresh an expired one.");
        }

        var principal = result.Principal;
        var expiresAt = long.TryParse(principal.FindFirst("exp")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var exp)
            ? DateTimeOffset.FromUnixTimeSeconds(exp)
            : result.Properties?.ExpiresUtc ?? DateTimeOffset.MinValue;
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new WebSessionView(principal.FindFirst(CallerIdentity.SubjectClaim)!.Value, Roles(principal), tokens.CsrfToken(familyId), expiresAt));
    }

    private static async Task<IResult> RefreshAsync(HttpContext http, WebSessionTokens tokens, WebSessionRevocations revocations, IGrainFactory grains)
    {
        var deviceId = http.Request.Headers[WebSessionOptions.DeviceHeader].ToString();
        if (!DeviceIds.IsValid(deviceId))
        {
            return Refuse(RequestRefusal.Invalid($"The {WebSessionOptions.DeviceHeader} header is required: {DeviceIds.Rule}."));
        }

        var presented = http.Request.Cookies[WebSessionOptions.RefreshCookie];
        if (WebSessionTokens.FamilyOf(presented) is not { } familyId)
        {
            return Unauthenticated("No refresh token: sign in.");
        }

        var (next, nextExpiresAt) = tokens.NewRefresh(familyId);
        var rotation = await grains.GetGrain<IWebSessionFamilyGrain>(familyId).RotateAsync(
            new WebSessionRefresh(WebSessionTokens.Hash(presented!), deviceId, UserAgentHash(http), WebSessionTokens.Hash(next), nextExpiresAt));
        if (rotation.Outcome != RefreshOutcome.Rotated)
        {
            if (rotation.Outcome is RefreshOutcome.Reused or RefreshOutcome.Revoked)
            {
                revocations.MarkRevoked(familyId);
            }

            WebSessionCookies.Clear(http);
            return Unauthenticated(rotation.Outcome switch
            {
                RefreshOutcome.Reused => "This refresh token was already used: every session of this sign-in has been ended. Sign in again.",
                RefreshOutcome.OtherDevice => "This refresh token belongs to another device. Sign in again.",
                RefreshOutcome.Expired => "The session has expired. Sign in again.",
                _ => "The session has ended. Sign in again.",
            });
        }

        revocations.MarkActive(familyId);
        return Issue(http, tokens, rotation.UserId, rotation.Roles, familyId, next, nextExpiresAt);
    }

    /// <summary>Ends the family of whichever session cookie the request carries; always clears both cookies.</summary>
    private static async Task<IResult> SignOutAsync(HttpContext http, WebSessionRevocations revocations, IGrainFactory grains)
    {
        var access = await http.AuthenticateAsync(WebSessionSchemes.Cookie);
        if (access.Succeeded && access.Principal?.FindFirst(WebSessionSchemes.FamilyClaim)?.Value is { } familyId)
        {
            await revocations.RevokeAsync(familyId, "signed out");
        }

        var presented = http.Request.Cookies[WebSessionOptions.RefreshCookie];
        if (WebSessionTokens.FamilyOf(presented) is { } refreshFamily
            && await grains.GetGrain<IWebSessionFamilyGrain>(refreshFamily).RevokeByRefreshAsync(WebSessionTokens.Hash(presented!), "signed out"))
        {
            revocations.MarkRevoked(refreshFamily);
        }

        WebSessionCookies.Clear(http);
        return Results.NoContent();
    }

    private static IResult Issue(
        HttpContext http, WebSessionTokens tokens, string userId, IReadOnlyList<string> roles, string familyId, string refresh, DateTimeOffset refreshExpiresAt)
    {
        var (access, accessExpiresAt) = tokens.IssueAccess(userId, roles, familyId);
        WebSessionCookies.Write(http, access, accessExpiresAt, refresh, refreshExpiresAt);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new WebSessionView(userId, roles, tokens.CsrfToken(familyId), accessExpiresAt));
    }

    /// <summary>Signing in by name is the Development profile's convenience, as dev tokens are.</summary>
    private static bool IsDevelopmentSignIn(HttpContext http) =>
        http.RequestServices.GetRequiredService<IWebHostEnvironment>().IsDevelopment()
        && http.RequestServices.GetService<DevTokenIssuer>() is not null;

    private static string UserAgentHash(HttpContext http) => WebSessionTokens.Hash(http.Request.Headers.UserAgent.ToString());

    private static IReadOnlyList<string> Roles(ClaimsPrincipal principal) =>
        [.. principal.FindAll(CallerIdentity.RoleClaim).Select(c => c.Value).Distinct(StringComparer.Ordinal)];

    private static IResult Unauthenticated(string message) =>
        Refuse(new RequestRefusal(StatusCodes.Status401Unauthorized, StatusCode.Unauthenticated, message));

    private static IResult Refuse(RequestRefusal refusal) =>
        Results.Text(System.Text.Encoding.UTF8.GetString(JsonErrorBody.Of(refusal.Code, refusal.Message)), JsonErrorBody.ContentType, statusCode: refusal.HttpStatus);
}
