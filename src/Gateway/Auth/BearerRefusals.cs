using Enerlectra.Gateway.Errors;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace Enerlectra.Gateway.Auth;

/// <summary>
/// The JWT handlers (bearer header and session cookie) refuse with a bare 401 or 403 by default, which a front end can
/// only show as "error". These events word the refusal in the caller's protocol (<see cref="RefusalResponse"/>): the
/// JSON error body, or for gRPC and gRPC-Web UNAUTHENTICATED / PERMISSION_DENIED with a grpc-message.
/// </summary>
public static class BearerRefusals
{
    public static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        // What the handler would have said in the header (RFC 6750), for clients that read it.
        context.Response.Headers.Append(HeaderNames.WWWAuthenticate, string.IsNullOrEmpty(context.Error)
            ? context.Options.Challenge
            : $"{context.Options.Challenge} error=\"{context.Error}\"");
        await RefusalResponse.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, StatusCode.Unauthenticated, WhyUnauthenticated(context.AuthenticateFailure));
    }

    public static Task ForbiddenAsync(ForbiddenContext context) =>
        RefusalResponse.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, StatusCode.PermissionDenied,
            "Your token does not allow this call (it needs another role).");

    private static string WhyUnauthenticated(Exception? failure) => failure switch
    {
        null => "Sign in first: this call needs a bearer token or a web session.",
        SecurityTokenExpiredException => "The token has expired: sign in again.",
        // The token library's own words name internals (and hide the rest as PII); say what the caller can act on.
        SecurityTokenException => "The token is not valid here (signature, issuer, audience or format): sign in again.",
        // Our own checks (WebSessionAuthentication) fail with words meant for the caller.
        _ => $"{failure.Message} Sign in again.",
    };
}
