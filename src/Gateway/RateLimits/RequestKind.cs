namespace Enerlectra.Gateway.RateLimits;

/// <summary>The budgets a request can be counted against.</summary>
public enum RequestKind
{
    /// <summary>GET routes and read-only gRPC methods (those whose JSON route is a GET).</summary>
    Read,

    /// <summary>Everything else that reaches the API; a stream counts once, when it opens.</summary>
    Mutation,

    /// <summary>Sign-in, sessions and dev tokens.</summary>
    SignIn,

    /// <summary>The anonymous provider callbacks (budgets in "CallbackRateLimit").</summary>
    Callback,
}
