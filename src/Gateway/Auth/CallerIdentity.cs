using Enerlectra.Abstractions.Errors;
using Grpc.Core;

namespace Enerlectra.Gateway.Auth;

/// <summary>Who is calling, and the ownership rules every mutating call checks.</summary>
public static class CallerIdentity
{
    public const string SubjectClaim = "sub";
    public const string RoleClaim = "role";

    public static string UserId(this ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst(SubjectClaim)?.Value
        ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "A bearer token is required."));

    public static bool IsOperator(this ServerCallContext context) =>
        context.GetHttpContext().User.HasClaim(RoleClaim, AuthOptions.OperatorRole);

    /// <summary>The caller, who must be <paramref name="requested"/> when that is given (empty means "me").</summary>
    public static string ActingAs(this ServerCallContext context, string? requested, string field)
    {
        var caller = context.UserId();
        if (!string.IsNullOrEmpty(requested) && !string.Equals(requested, caller, StringComparison.Ordinal))
        {
            throw TradingException.Denied($"You can only act as yourself: {field} must be your own user id.");
        }

        return caller;
    }

    /// <summary>The caller must be <paramref name="userId"/> or an operator (for reads).</summary>
    public static void RequireSelfOrOperator(this ServerCallContext context, string userId)
    {
        if (!string.Equals(context.UserId(), userId, StringComparison.Ordinal) && !context.IsOperator())
        {
            throw TradingException.Denied("You can only see your own wallet, trades and events.");
        }
    }
}
