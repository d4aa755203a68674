using Enerlectra.Gateway.Auth;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace Enerlectra.Gateway.RateLimits;

/// <summary>
/// Which budget a request counts against, and whether its caller is a bot. JSON routes are reads when they are GETs;
/// gRPC and gRPC-Web calls (always POSTs) are reads when their method's JSON route is a GET, so the proto files' HTTP
/// rules are the one list of read-only methods. Endpoints can name their budget with <see cref="RateLimitedAs"/>.
/// </summary>
public sealed class RequestClassifier(EndpointDataSource endpoints, RateLimitOptions options)
{
    private readonly Lazy<HashSet<string>> _readOnlyMethods = new(() => ReadOnlyMethods(endpoints));
    private readonly HashSet<string> _botUsers = new(options.BotUsers, StringComparer.Ordinal);

    public RequestKind KindOf(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<RateLimitedAs>() is { } named)
        {
            return named.Kind;
        }

        var safe = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        if (endpoint?.Metadata.GetMetadata<GrpcMethodMetadata>() is { } grpc && endpoint.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is null)
        {
            return _readOnlyMethods.Value.Contains(grpc.Method.FullName) ? RequestKind.Read : RequestKind.Mutation;
        }

        return safe ? RequestKind.Read : RequestKind.Mutation;
    }

    /// <summary>The authenticated subject, or null for an anonymous caller.</summary>
    public static string? UserOf(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? http.User.FindFirst(CallerIdentity.SubjectClaim)?.Value : null;

    public bool IsBot(HttpContext http) =>
        UserOf(http) is { } user && (_botUsers.Contains(user) || http.User.HasClaim(CallerIdentity.RoleClaim, options.BotRole));

    private static HashSet<string> ReadOnlyMethods(EndpointDataSource endpoints) =>
        endpoints.Endpoints
            .Select(e => e.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>())
            .Where(t => t is not null && t.HttpRule.PatternCase == Google.Api.HttpRule.PatternOneofCase.Get)
            .Select(t => $"/{t!.MethodDescriptor.Service.FullName}/{t.MethodDescriptor.Name}")
            .ToHashSet(StringComparer.Ordinal);
}
