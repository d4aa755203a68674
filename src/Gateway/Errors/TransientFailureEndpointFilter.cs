using Enerlectra.Gateway.Validation;
using Grpc.Core;

namespace Enerlectra.Gateway.Errors;

/// <summary>
/// For routes outside gRPC (provider callbacks, web sessions): a transient cluster or database failure is answered
/// 503 with Retry-After and the usual JSON error body, so a provider retries its callback and a browser its request,
/// instead of a 500.
/// </summary>
public sealed class TransientFailureEndpointFilter(ILogger<TransientFailureEndpointFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (TransientFailure.Is(ex) && !context.HttpContext.Response.HasStarted)
        {
            logger.LogWarning(ex, "{Path} answered 503: the cluster or its database is briefly unavailable", context.HttpContext.Request.Path);
            context.HttpContext.Response.Headers.RetryAfter = "1";
            await JsonErrorBody.WriteAsync(context.HttpContext.Response, new RequestRefusal(StatusCodes.Status503ServiceUnavailable, StatusCode.Unavailable, TransientFailure.Message));
            return Results.Empty;
        }
    }
}
