using Enerlectra.Abstractions.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Enerlectra.Gateway.Errors;

/// <summary>
/// Turns business refusals into gRPC statuses a front end can show (JSON transcoding then maps them to HTTP 400,
/// 404, 409 and 403), with the offending field in the "field" trailer; transient cluster and database failures into
/// UNAVAILABLE (see <see cref="TransientFailure"/>). Anything else stays an internal error.
/// </summary>
public sealed class TradingExceptionInterceptor(ILogger<TradingExceptionInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (TradingException ex)
        {
            throw ToRpc(ex);
        }
        catch (Exception ex) when (TransientFailure.Is(ex))
        {
            throw Unavailable(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (TradingException ex)
        {
            throw ToRpc(ex);
        }
        catch (Exception ex) when (TransientFailure.Is(ex))
        {
            throw Unavailable(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (TradingException ex)
        {
            throw ToRpc(ex);
        }
        catch (Exception ex) when (TransientFailure.Is(ex))
        {
            throw Unavailable(ex, context);
        }
    }

    private RpcException Unavailable(Exception ex, ServerCallContext context)
    {
        logger.LogWarning(ex, "{Method} answered UNAVAILABLE: the cluster or its database is briefly unavailable", context.Method);
        return TransientFailure.ToRpc();
    }

    public static RpcException ToRpc(TradingException ex)
    {
        var code = StatusOf(ex.Kind);
        var trailers = new Metadata();
        if (ex.Field is not null)
        {
            trailers.Add("field", ex.Field);
        }

        return new RpcException(new Status(code, ex.Message), trailers, ex.Message);
    }

    public static StatusCode StatusOf(ErrorKind kind) =>
        kind switch
        {
            ErrorKind.InvalidArgument => StatusCode.InvalidArgument,
            ErrorKind.NotFound => StatusCode.NotFound,
            ErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
            ErrorKind.AlreadyExists => StatusCode.AlreadyExists,
            ErrorKind.PermissionDenied => StatusCode.PermissionDenied,
            ErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
            ErrorKind.Unavailable => StatusCode.Unavailable,
            _ => StatusCode.Internal,
        };
}
