namespace Enerlectra.Abstractions.Errors;

/// <summary>What kind of refusal a <see cref="TradingException"/> carries; the gateway maps it to a gRPC status.</summary>
[GenerateSerializer, Alias("enerlectra.ErrorKind")]
public enum ErrorKind
{
    InvalidArgument = 0,
    NotFound = 1,
    FailedPrecondition = 2,
    AlreadyExists = 3,
    PermissionDenied = 4,

    /// <summary>A per-user limit (open orders, order rate) is used up; retry later or with less.</summary>
    ResourceExhausted = 5,

    /// <summary>The server could not make the change durable; nothing was done, and the same request may be retried.</summary>
    Unavailable = 6,
}
