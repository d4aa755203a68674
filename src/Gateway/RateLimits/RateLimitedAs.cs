namespace Enerlectra.Gateway.RateLimits;

/// <summary>Endpoint metadata (or an attribute on a gRPC service or method) naming the budget its requests count against.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RateLimitedAs(RequestKind kind) : Attribute
{
    public RequestKind Kind { get; } = kind;
}
