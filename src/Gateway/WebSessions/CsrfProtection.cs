using Enerlectra.Gateway.Errors;
using Grpc.AspNetCore.Server;
using Grpc.Core;

namespace Enerlectra.Gateway.WebSessions;

/// <summary>
/// A browser sends the session cookie with any request to this server, including one a page on another site makes it
/// send; only our own app can read the session's CSRF token and put it in a header. So every API call (a gRPC method,
/// however called: JSON, gRPC-Web or gRPC) authenticated by the cookie, other than GET, HEAD and OPTIONS, must carry
/// <see cref="WebSessionOptions.CsrfHeader"/> equal to the session's token; otherwise it is refused (403, gRPC
/// PERMISSION_DENIED) before anything reads its body. Bearer calls carry their credential explicitly and need no header.
/// </summary>
public sealed class CsrfProtection(IServiceProvider services) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (NeedsToken(context)
            && context.User.FindFirst(WebSessionSchemes.FamilyClaim)?.Value is var familyId
            && (familyId is null || services.GetService<WebSessionTokens>() is not { } tokens || !tokens.IsCsrfToken(familyId, context.Request.Headers[WebSessionOptions.CsrfHeader].ToString())))
        {
            await RefusalResponse.WriteAsync(
                context, StatusCodes.Status403Forbidden, StatusCode.PermissionDenied,
                $"This call needs the {WebSessionOptions.CsrfHeader} header with your session's csrfToken (from /api/session).");
            return;
        }

        await next(context);
    }

    private static bool NeedsToken(HttpContext context) =>
        !HttpMethods.IsGet(context.Request.Method)
        && !HttpMethods.IsHead(context.Request.Method)
        && !HttpMethods.IsOptions(context.Request.Method)
        && context.User.Identity is { IsAuthenticated: true, AuthenticationType: WebSessionSchemes.Cookie }
        && context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null;
}
