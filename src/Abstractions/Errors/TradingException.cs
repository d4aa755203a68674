using Orleans;

namespace Enerlectra.Abstractions.Errors;

/// <summary>
/// A business rule refused a request. Thrown before any state changes, so the caller can correct the request and
/// try again. <see cref="Field"/> names the offending request field (camelCase, as a front end sees it) when there is one.
/// </summary>
[GenerateSerializer, Alias("enerlectra.TradingException")]
public sealed class TradingException : Exception
{
    public TradingException(ErrorKind kind, string message, string? field = null) : base(message)
    {
        Kind = kind;
        Field = field;
    }

    [Id(0)] public ErrorKind Kind { get; }

    [Id(1)] public string? Field { get; }

    public static TradingException Invalid(string field, string message) => new(ErrorKind.InvalidArgument, message, field);

    public static TradingException NotFound(string field, string message) => new(ErrorKind.NotFound, message, field);

    public static TradingException Precondition(string message, string? field = null) => new(ErrorKind.FailedPrecondition, message, field);

    public static TradingException Conflict(string message, string? field = null) => new(ErrorKind.AlreadyExists, message, field);

    public static TradingException Denied(string message, string? field = null) => new(ErrorKind.PermissionDenied, message, field);
    public static TradingException Unavailable(string message) => new(ErrorKind.Unavailable, message);

    public static TradingException Exhausted(string message, string? field = null) => new(ErrorKind.ResourceExhausted, message, field);
}
