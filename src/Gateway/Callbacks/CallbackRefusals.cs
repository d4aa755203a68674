using Enerlectra.Gateway.Validation;
using Grpc.Core;

namespace Enerlectra.Gateway.Callbacks;

/// <summary>
/// The callback routes' refusals, in the JSON error body every route uses: a provider's support desk (or whoever is
/// probing the route) reads why, and nothing about a trade is revealed beyond what the status already says.
/// </summary>
internal static class CallbackRefusals
{
    public static IResult TooLarge() =>
        Refuse(StatusCodes.Status413PayloadTooLarge, StatusCode.ResourceExhausted, $"The callback body is too large: at most {CallbackBody.MaxBytes} bytes.");

    public static IResult NoReference() =>
        Refuse(StatusCodes.Status404NotFound, StatusCode.NotFound, "The callback names no transaction reference (a UUID, in the URL or the body).");

    public static IResult NotSigned() =>
        Refuse(StatusCodes.Status401Unauthorized, StatusCode.Unauthenticated, "The callback's hash is missing or not made with the callback secret.");

    public static IResult OtherTransaction() =>
        Refuse(StatusCodes.Status400BadRequest, StatusCode.InvalidArgument, "The callback names another transaction than this reference.");

    public static IResult Replayed() =>
        Refuse(StatusCodes.Status409Conflict, StatusCode.AlreadyExists, "This callback was already received.");

    private static IResult Refuse(int status, StatusCode code, string message) =>
        Results.Text(System.Text.Encoding.UTF8.GetString(JsonErrorBody.Of(code, message)), JsonErrorBody.ContentType, statusCode: status);
}
