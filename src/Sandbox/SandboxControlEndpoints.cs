using Enerlectra.Sandbox.Mtn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Enerlectra.Sandbox;

/// <summary>
/// The control API for every provider product, under /sandbox/{provider}/{collections|payouts}: inspect a reference,
/// approve or reject a pending one, read the ledger and counters; plus /sandbox/airtel/tokens/revoke.
/// No authentication: the sandbox is for loopback use only.
/// </summary>
internal static class SandboxControlEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, SandboxStore store)
    {
        foreach (SandboxBook book in store.Books)
        {
            RouteGroupBuilder group = endpoints.MapGroup($"/sandbox/{book.Provider}/{book.Kind}");
            group.MapGet("/{referenceId:guid}", (Guid referenceId) => Results.Json(book.Describe(referenceId)));
            group.MapGet("/{referenceId:guid}/callbacks", (Guid referenceId) => Results.Json(book.Callbacks(referenceId)));
            group.MapPost("/{referenceId:guid}/approve", (Guid referenceId) =>
                Settle(book, referenceId, MtnSandboxStatus.Successful, null));
            group.MapPost("/{referenceId:guid}/reject", (Guid referenceId, SandboxRejectRequest? body) =>
                Settle(book, referenceId, MtnSandboxStatus.Failed, string.IsNullOrWhiteSpace(body?.Reason) ? SandboxReasons.ApprovalRejected : body.Reason));
            group.MapGet("/ledger", () => Results.Json(book.Ledger()));
            group.MapGet("/stats", () => Results.Json(book.Stats()));
        }

        endpoints.MapPost("/sandbox/airtel/tokens/revoke", () =>
        {
            store.AirtelTokens.Revoke();
            return Results.NoContent();
        });
    }

    private static IResult Settle(SandboxBook book, Guid referenceId, string status, string? reason) =>
        book.Settle(referenceId, status, reason) switch
        {
            null => Results.Json(new { error = $"No {book.Provider} {book.Kind} entry {referenceId}." }, statusCode: StatusCodes.Status404NotFound),
            false => Results.Json(
                new { error = $"{referenceId} is no longer pending.", transaction = book.Describe(referenceId).Transaction },
                statusCode: StatusCodes.Status409Conflict),
            true => Results.Json(book.Describe(referenceId).Transaction),
        };
}
