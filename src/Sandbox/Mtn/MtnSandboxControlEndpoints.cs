using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Enerlectra.Sandbox.Mtn;

/// <summary>
/// The original MTN control API under /sandbox/mtn (request-to-pay views in MTN's shape, ledger, counters, token
/// revocation), kept as it was for existing callers. The generic /sandbox/{provider}/{kind} API covers the rest.
/// No authentication: the sandbox is for loopback use only.
/// </summary>
internal static class MtnSandboxControlEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, SandboxStore store)
    {
        SandboxBook book = store.MtnCollections;
        RouteGroupBuilder group = endpoints.MapGroup(MtnSandboxPaths.ControlRoot);
        group.MapGet(MtnSandboxPaths.ControlTransaction, (Guid referenceId) =>
        {
            SandboxReferenceView view = book.Describe(referenceId);
            return Results.Json(new MtnSandboxReferenceView(
                referenceId,
                view.RequestAttempts,
                book.Find(referenceId) is { } e ? MtnSandboxJson.View(e) : null));
        });
        group.MapPost(MtnSandboxPaths.ControlApprove, (Guid referenceId) =>
            Settle(book, referenceId, MtnSandboxStatus.Successful, null));
        group.MapPost(MtnSandboxPaths.ControlReject, (Guid referenceId, SandboxRejectRequest? body) =>
            Settle(book, referenceId, MtnSandboxStatus.Failed, string.IsNullOrWhiteSpace(body?.Reason) ? MtnSandboxStatus.ApprovalRejected : body.Reason));
        group.MapGet(MtnSandboxPaths.ControlLedger, () =>
        {
            SandboxLedgerView ledger = book.Ledger();
            return Results.Json(new MtnSandboxLedgerView(
                ledger.TotalNgwee,
                ledger.Count,
                ledger.Parties.Select(p => new MtnSandboxPayerLedger(p.Msisdn, p.TotalNgwee, p.Count, p.VerificationNgwee, p.VerificationCount)).ToList(),
                ledger.VerificationNgwee,
                ledger.VerificationCount));
        });
        group.MapGet(MtnSandboxPaths.ControlStats, () =>
        {
            SandboxStats stats = book.Stats();
            return Results.Json(new MtnSandboxStats(stats.TokensIssued, stats.SubmitCalls, stats.StatusQueries));
        });
        group.MapPost(MtnSandboxPaths.ControlRevokeTokens, () =>
        {
            store.MtnCollectionTokens.Revoke();
            store.MtnDisbursementTokens.Revoke();
            return Results.NoContent();
        });
    }

    private static IResult Settle(SandboxBook book, Guid referenceId, string status, string? reason) =>
        book.Settle(referenceId, status, reason) switch
        {
            null => Results.Json(new { error = $"No request-to-pay {referenceId}." }, statusCode: StatusCodes.Status404NotFound),
            false => Results.Json(
                new { error = $"Request-to-pay {referenceId} is no longer pending.", transaction = MtnSandboxJson.View(book.Find(referenceId)!) },
                statusCode: StatusCodes.Status409Conflict),
            true => Results.Json(MtnSandboxJson.View(book.Find(referenceId)!)),
        };
}

/// <summary>Optional body of the control API's reject call.</summary>
/// <param name="Reason">The failure reason to record; APPROVAL_REJECTED when omitted.</param>
public sealed record SandboxRejectRequest(string? Reason);
