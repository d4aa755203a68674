using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using Enerlectra.Gateway.Errors;
using Enerlectra.Gateway.Hosting;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Enerlectra.Gateway.Validation;

/// <summary>
/// Stands in front of every native gRPC and gRPC-Web call of a method that takes one request message (unary and
/// server streaming). grpc-dotnet answers a malformed call as a server fault: a cut or overlong frame, a second
/// message, a compressed flag without an encoding, a body that does not decompress is INTERNAL; bytes that are no
/// protobuf message of the method's type are UNKNOWN ("exception was thrown by handler"); a Content-Type that is not
/// gRPC is HTTP 415 with INTERNAL. They are the caller's mistakes, so the call is read and checked here first (the
/// frame, then the message parsed with the method's own parser) and refused as INVALID_ARGUMENT with words the caller
/// can act on (RESOURCE_EXHAUSTED when too large); a call that passes is handed on with the very same bytes.
/// Client-streaming calls are left to the framework: their messages arrive over time and cannot be read ahead.
/// </summary>
public sealed class GrpcRequestGuard(GatewayOptions options, IOptions<GrpcServiceOptions> grpcOptions) : IMiddleware
{
    private const int HeaderLength = 5;
    private const string GrpcEncodingHeader = "grpc-encoding";

    private readonly ConcurrentDictionary<IMethod, RequestType?> _types = new();

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!RefusalResponse.IsGrpcMethod(context) || context.GetEndpoint()!.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } method)
        {
            await next(context);
            return;
        }

        if (!RefusalResponse.IsGrpc(context.Request))
        {
            // Not a gRPC call at all (gRPC-Web was relabelled application/grpc already). The framework would answer
            // 415 with INTERNAL, as if the server were at fault.
            await RefusalResponse.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, StatusCode.InvalidArgument,
                "This is a gRPC method: the Content-Type must be application/grpc (or application/grpc-web for gRPC-Web).");
            return;
        }

        if (method.Method.Type is MethodType.Unary or MethodType.ServerStreaming
            && _types.GetOrAdd(method.Method, RequestTypeOf) is { } type
            && await CheckAsync(context, type) is { } refusal)
        {
            await RefusalResponse.WriteAsync(context, refusal.HttpStatus, refusal.Code, refusal.Message);
            return;
        }

        await next(context);
    }

    /// <summary>Reads the one framed message, checks it, and puts the same bytes back for the framework.</summary>
    private async Task<RequestRefusal?> CheckAsync(HttpContext context, RequestType type)
    {
        var max = options.Requests.MaxGrpcMessageBytes;
        byte[] body;
        try
        {
            // BodyReader, not Body: for gRPC-Web text the gRPC-Web middleware decodes base64 there.
            body = await ReadAtMostAsync(context.Request.BodyReader, HeaderLength + max + 1L, context.RequestAborted);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or InvalidDataException or BadHttpRequestException)
        {
            return RequestRefusal.Invalid("The request body could not be read as gRPC (gRPC-Web text must be base64).");
        }

        var refusal = Check(body, context.Request.Headers[GrpcEncodingHeader].ToString(), type, max);
        var reader = PipeReader.Create(new ReadOnlySequence<byte>(body));
        context.Features.Set<IRequestBodyPipeFeature>(new BufferedBody(reader));
        context.Request.Body = new MemoryStream(body, writable: false);
        return refusal;
    }

    private RequestRefusal? Check(byte[] body, string encoding, RequestType type, int max)
    {
        if (body.Length == 0)
        {
            return RequestRefusal.Invalid("The call carries no request message.");
        }

        if (body.Length < HeaderLength)
        {
            return RequestRefusal.Invalid("The request message is cut short: a gRPC message starts with a 5-byte header (flag, length).");
        }

        var flag = body[0];
        if (flag > 1)
        {
            return RequestRefusal.Invalid($"The request message has an unknown compressed flag ({flag}): 0 (plain) or 1 (compressed).");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4));
        if (length > max)
        {
            return TooLarge(max);
        }

        if (body.Length - HeaderLength < length)
        {
            return RequestRefusal.Invalid($"The request message is shorter than its header says ({body.Length - HeaderLength} of {length} bytes).");
        }

        if (body.Length - HeaderLength > length)
        {
            return RequestRefusal.Invalid("The call carries more than one request message (or bytes after it); this method takes one.");
        }

        var payload = body.AsMemory(HeaderLength);
        if (flag == 1)
        {
            if (encoding.Length == 0 || encoding == "identity")
            {
                return RequestRefusal.Invalid("The request message is marked compressed, but the call names no grpc-encoding.");
            }

            if (grpcOptions.Value.CompressionProviders.FirstOrDefault(p => p.EncodingName == encoding) is not { } provider)
            {
                // The framework answers UNIMPLEMENTED, naming the encodings it accepts.
                return null;
            }

            try
            {
                using var decompressed = provider.CreateDecompressionStream(new MemoryStream(body, HeaderLength, body.Length - HeaderLength, writable: false));
                using var plain = new MemoryStream();
                decompressed.CopyTo(plain);
                if (plain.Length > max)
                {
                    return TooLarge(max);
                }

                payload = plain.ToArray();
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                return RequestRefusal.Invalid($"The request message does not decompress as {encoding}.");
            }
        }

        try
        {
            type.Parser.ParseFrom(payload.Span);
            return null;
        }
        catch (InvalidProtocolBufferException)
        {
            return RequestRefusal.Invalid($"The request message is not a valid {type.Name}: it does not parse as protobuf.");
        }
    }

    private static RequestRefusal TooLarge(int max) =>
        new(StatusCodes.Status413PayloadTooLarge, StatusCode.ResourceExhausted, $"The request message is too large: this server accepts at most {max} bytes.");

    /// <summary>The request message type (Method&lt;TRequest, TResponse&gt;) and its generated parser, which every message type has.</summary>
    private static RequestType? RequestTypeOf(IMethod method)
    {
        var types = method.GetType().IsGenericType ? method.GetType().GetGenericArguments() : [];
        return types.Length == 2
               && types[0].GetProperty("Parser", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null) is MessageParser parser
            ? new RequestType(parser, types[0].Name)
            : null;
    }

    /// <summary>
    /// Everything read is consumed as it comes, as a stream would: the gRPC-Web text reader (base64) refuses to be
    /// advanced to anything but whole decoded chunks. Stops once it holds <paramref name="max"/> bytes (too large anyway).
    /// </summary>
    private static async Task<byte[]> ReadAtMostAsync(PipeReader reader, long max, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            foreach (var segment in result.Buffer)
            {
                var room = (int)Math.Min(segment.Length, max - copy.Length);
                copy.Write(segment.Span[..room]);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || copy.Length >= max)
            {
                return copy.ToArray();
            }
        }
    }

    private sealed record RequestType(MessageParser Parser, string Name);

    private sealed class BufferedBody(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader { get; } = reader;
    }
}
