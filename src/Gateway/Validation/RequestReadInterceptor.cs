using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Enerlectra.Gateway.Validation;

/// <summary>
/// Marks the HTTP request once the framework has read it into a request message. An error answered without this mark
/// came from the framework's own parsing, before any of our code saw the request, and <see cref="JsonRequestGuard"/>
/// replaces its wording; anything after the mark is our own answer and passes untouched.
/// </summary>
public sealed class RequestReadInterceptor : Interceptor
{
    private const string ReadKey = "enerlectra.request-read";

    public static bool WasRead(HttpContext context) => context.Items.ContainsKey(ReadKey);

    public static void MarkRead(HttpContext context) => context.Items[ReadKey] = true;

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Mark(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Mark(context);
        return continuation(request, responseStream, context);
    }

    private static void Mark(ServerCallContext context) => MarkRead(context.GetHttpContext());
}
