using Enerlectra.Gateway.Validation;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace Enerlectra.Gateway.Errors;

/// <summary>
/// Answers a request before its endpoint runs, in the caller's protocol: a gRPC or gRPC-Web call gets a trailers-only
/// response with grpc-status and grpc-message (HTTP 200, as gRPC requires); anything else the HTTP status and the JSON
/// error body every JSON route uses.
/// </summary>
public static class RefusalResponse
{
    public static async Task WriteAsync(HttpContext context, int httpStatus, StatusCode code, string message)
    {
        var response = context.Response;
        if (IsGrpc(context.Request))
        {
            // gRPC-Web requests were relabelled application/grpc by the gRPC-Web middleware, which relabels the answer back.
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return;
        }

        if (IsGrpcMethod(context))
        {
            // A gRPC method's own path called with another Content-Type: perhaps a gRPC client with a wrong header,
            // perhaps not a gRPC client at all. The status goes in both forms, so either can read why.
            response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        }

        await JsonErrorBody.WriteAsync(response, new RequestRefusal(httpStatus, code, message));
    }

    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>The endpoint is a gRPC method's native route (not one of its JSON routes).</summary>
    public static bool IsGrpcMethod(HttpContext context) =>
        context.GetEndpoint()?.Metadata is { } metadata
        && metadata.GetMetadata<GrpcMethodMetadata>() is not null
        && metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is null;
}
