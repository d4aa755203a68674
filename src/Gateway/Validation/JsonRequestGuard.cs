using System.Collections.Concurrent;
using Enerlectra.Gateway.Hosting;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Net.Http.Headers;

namespace Enerlectra.Gateway.Validation;

/// <summary>
/// Stands in front of every JSON-transcoded route (identified by the gRPC method in its endpoint metadata). JSON
/// transcoding converts the body, query string and URL values into the request message before any interceptor runs,
/// and answers what it cannot convert with its parser's own words, or a 400 for a body over Kestrel's limit. So the
/// request is checked here first, against the method's request message: too large is 413, anything malformed is 400
/// naming the field, in the same JSON shape as every other error; and <see cref="ParserErrorFilterStream"/> keeps any
/// framework wording this misses from reaching the unary routes' clients. Server-streaming routes are never buffered.
/// </summary>
public sealed class JsonRequestGuard(GatewayOptions options, ILogger<JsonRequestGuard> logger) : IMiddleware
{
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    private readonly ConcurrentDictionary<GrpcJsonTranscodingMetadata, TranscodedRoute> _routes = new();

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not { } metadata)
        {
            await next(context);
            return;
        }

        var route = _routes.GetOrAdd(metadata, TranscodedRoute.From);
        var refusal = Check(UrlValues.CheckPath(route, context.Request.RouteValues))
            ?? Check(UrlValues.CheckQuery(route, context.Request.Query))
            ?? await ReadBodyAsync(context.Request, route);
        if (refusal is not null)
        {
            if (refusal.HttpStatus == StatusCodes.Status413PayloadTooLarge)
            {
                // The rest of the body is not wanted: close rather than let the server read it to keep the connection.
                context.Response.Headers.Connection = "close";
            }

            await JsonErrorBody.WriteAsync(context.Response, refusal);
            return;
        }

        if (!route.IsServerStreaming)
        {
            // Not for streams: their headers must go out before the first event (they tell the client its subscription
            // is live), which a stream in front of the body would hold back; they have no body, and their query and
            // path values were all checked above.
            context.Response.Body = new ParserErrorFilterStream(context.Response.Body, context, logger);
        }

        await next(context);
    }

    private static RequestRefusal? Check(string? problem) => problem is null ? null : RequestRefusal.Invalid(problem);

    /// <summary>Reads and checks the body, then hands the framework the same bytes (or "{}" for an empty body).</summary>
    private async Task<RequestRefusal?> ReadBodyAsync(HttpRequest request, TranscodedRoute route)
    {
        if (!route.HasBody)
        {
            return null;
        }

        var limit = options.Requests.MaxJsonBodyBytes;
        if (request.ContentLength > limit)
        {
            return RequestRefusal.TooLarge(limit);
        }

        byte[] body;
        try
        {
            body = await ReadAtMostAsync(request.Body, limit + 1, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return RequestRefusal.TooLarge(limit);
        }
        catch (BadHttpRequestException)
        {
            return RequestRefusal.Invalid("The request body could not be read.");
        }

        if (body.Length > limit)
        {
            return RequestRefusal.TooLarge(limit);
        }

        if (JsonBody.IsBlank(body))
        {
            // No body at all is an empty request ({}), as for a POST that needs nothing but its URL.
            body = EmptyObject;
            request.ContentType = "application/json";
        }
        else if (!IsUtf8Json(request.ContentType))
        {
            return RequestRefusal.NotJson();
        }
        else if (JsonBody.Check(body, route) is { } problem)
        {
            return RequestRefusal.Invalid(problem);
        }

        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        return null;
    }

    private static async Task<byte[]> ReadAtMostAsync(Stream body, long max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        while (buffer.Length < max)
        {
            var read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, max - buffer.Length)), cancellationToken);
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>application/json or any +json type, in UTF-8 (the only charset JSON has, and the one checked).</summary>
    private static bool IsUtf8Json(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
        && (!type.Charset.HasValue || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}
