using Grpc.Core;

namespace Enerlectra.Gateway.Validation;

/// <summary>Why the gateway answers a JSON request itself, before transcoding: the HTTP status, the gRPC code and words for the client.</summary>
public sealed record RequestRefusal(int HttpStatus, StatusCode Code, string Message)
{
    public static RequestRefusal Invalid(string message) => new(StatusCodes.Status400BadRequest, StatusCode.InvalidArgument, message);

    public static RequestRefusal TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, StatusCode.ResourceExhausted, $"The request body is too large: this route accepts at most {limit} bytes.");

    public static RequestRefusal NotJson() =>
        new(StatusCodes.Status415UnsupportedMediaType, StatusCode.InvalidArgument, "The request body must be JSON in UTF-8 (Content-Type: application/json).");
}
