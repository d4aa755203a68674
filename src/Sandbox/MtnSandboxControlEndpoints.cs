using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Enerlectra.Sandbox;

/// <summary>
/// Plain JSON endpoints for tests and operators under /sandbox/mtn: settle pending requests, inspect a reference,
/// read the ledger and counters, revoke tokens. No authentication: the sandbox is for loopback use only.
/// </summary>
internal static class MtnSandboxControlEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, MtnSandboxStore store)
    {
        RouteGroupBuilder group = endpoints.MapGroup(MtnSandboxPaths.ControlRoot);
        group.MapGet(MtnSandboxPaths.ControlTransaction, (Guid referenceId) => Results.Json(store.Describe(referenceId)));
        group.MapPost(MtnSandboxPaths.ControlApprove, (Guid referenceId) =>
            Settle(store, referenceId, MtnSandboxStatus.Successful, null));
        group.MapPost(MtnSandboxPaths.ControlReject, (Guid referenceId, SandboxRejectRequest? body) =>
            Settle(store, referenceId, MtnSandboxStatus.Failed, string.IsNullOrWhiteSpace(body?.Reason) ? MtnSandboxStatus.ApprovalRejected : body.Reason));
        group.MapGet(MtnSandboxPaths.ControlLedger, () => Results.Json(store.Ledger()));
        group.MapGet(MtnSandboxPaths.ControlStats, () => Results.Json(store.Stats()));
        group.MapPost(MtnSandboxPaths.ControlRevokeTokens, () =>
        {
            store.RevokeTokens();
            return Results.NoContent();
        });
    }

    private static IResult Settle(MtnSandboxStore store, Guid referenceId, string status, string? reason) =>
        store.Settle(referenceId, status, reason) switch
        {
            null => Results.Json(new { error = $"No request-to-pay {referenceId}." }, statusCode: StatusCodes.Status404NotFound),
            false => Results.Json(
                new { error = $"Request-to-pay {referenceId} is no longer pending.", transaction = store.Find(referenceId) },
                statusCode: StatusCodes.Status409Conflict),
            true => Results.Json(store.Find(referenceId)),
        };
}

/// <summary>Optional body of the control API's reject call.</summary>
/// <param name="Reason">The failure reason to record; APPROVAL_REJECTED when omitted.</param>
public sealed record SandboxRejectRequest(string? Reason);
