using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Enerlectra.Gateway.Validation;

/// <summary>
/// A client-streaming or duplex call's messages are read as the service asks for them, so a malformed one surfaces
/// inside the service, from MoveNext: a cut frame or a compressed flag without an encoding as INTERNAL, a bad flag, an
/// overlong length or bytes that are no message as an exception (UNKNOWN). <see cref="GrpcRequestGuard"/> cannot read
/// such a call ahead, so its request stream is wrapped here and a read that fails on the caller's bytes is the
/// caller's INVALID_ARGUMENT.
/// </summary>
public sealed class RequestStreamInterceptor : Interceptor
{
    public const string Malformed =
        "A request message in the stream is malformed (cut short, longer than allowed, wrongly flagged or compressed, or not a valid message).";

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream), responseStream, context);

    private sealed class CheckedReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                return await inner.MoveNext(cancellationToken);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Internal)
            {
                throw Invalid();
            }
            catch (Exception ex) when (ex is InvalidDataException or InvalidProtocolBufferException or InvalidOperationException
                                           || (ex is IOException && !cancellationToken.IsCancellationRequested))
            {
                throw Invalid();
            }
        }

        private static RpcException Invalid() => new(new Status(StatusCode.InvalidArgument, Malformed));
    }
}
