using Grpc.Core;

namespace Enerlectra.Gateway.Errors;

/// <summary>
/// The last word on refusals nobody worded: routing (no such route, 404; a verb the route does not take, 405), the
/// server's own limits (411, 413, 415 ...) and any endpoint that answers a bare status code leave the body empty, and a
/// front end then has nothing to show. Installed as the status-code page (it only runs when nothing was written, so
/// every refusal our own code words passes untouched), it gives them the JSON error body, or grpc-status and
/// grpc-message for a gRPC or gRPC-Web caller.
/// </summary>
public static class EmptyRefusals
{
    public static WebApplication UseWordedRefusals(this WebApplication app)
    {
        app.UseStatusCodePages(context => WriteAsync(context.HttpContext));
        return app;
    }

    public static Task WriteAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var grpc = RefusalResponse.IsGrpc(context.Request);
        var (code, message) = status switch
        {
            StatusCodes.Status400BadRequest => (StatusCode.InvalidArgument, "The request is malformed."),
            StatusCodes.Status401Unauthorized => (StatusCode.Unauthenticated, "Sign in first: this route needs a valid bearer token or web session."),
            StatusCodes.Status403Forbidden => (StatusCode.PermissionDenied, "You may not use this route."),
            // For a gRPC caller an unknown path is an unknown method, which gRPC calls UNIMPLEMENTED.
            StatusCodes.Status404NotFound => (grpc ? StatusCode.Unimplemented : StatusCode.NotFound, "There is no such route."),
            StatusCodes.Status405MethodNotAllowed => (StatusCode.Unimplemented, $"This route does not take {Verb(context.Request.Method)} requests."),
            StatusCodes.Status406NotAcceptable => (StatusCode.InvalidArgument, "This route cannot answer in a format the request accepts."),
            StatusCodes.Status408RequestTimeout => (StatusCode.DeadlineExceeded, "The request took too long to arrive."),
            StatusCodes.Status409Conflict => (StatusCode.Aborted, "The request conflicts with the current state."),
            StatusCodes.Status411LengthRequired => (StatusCode.InvalidArgument, "This route needs a Content-Length."),
            StatusCodes.Status413PayloadTooLarge => (StatusCode.ResourceExhausted, "The request body is too large."),
            StatusCodes.Status414UriTooLong => (StatusCode.InvalidArgument, "The URL is too long."),
            StatusCodes.Status415UnsupportedMediaType => (StatusCode.InvalidArgument, "This route does not take a body of this Content-Type."),
            StatusCodes.Status429TooManyRequests => (StatusCode.ResourceExhausted, "Too many requests: try again later."),
            StatusCodes.Status431RequestHeaderFieldsTooLarge => (StatusCode.InvalidArgument, "The request headers are too large."),
            StatusCodes.Status503ServiceUnavailable => (StatusCode.Unavailable, "The service is unavailable for a moment: try again later."),
            < 500 => (StatusCode.InvalidArgument, "The request was refused."),
            _ => (StatusCode.Internal, "The server could not answer this request."),
        };
        return RefusalResponse.WriteAsync(context, status, code, message);
    }

    // The verb is the client's own text; only a plain token is worth repeating back.
    private static string Verb(string method) =>
        method.Length <= 16 && method.All(char.IsAsciiLetterUpper) ? method : "such";
}
