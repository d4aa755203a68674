using Enerlectra.Api.V1;
using Grpc.Core;

namespace Enerlectra.MarketMaker;

/// <summary>
/// Development profile only: bearer tokens from the server's own <c>AuthService.IssueDevToken</c>, for any user and
/// role. Production servers refuse it (PERMISSION_DENIED); there the bot is given a token from the identity provider.
/// </summary>
public sealed class DevTokens(AuthService.AuthServiceClient auth)
{
    public async Task<string> IssueAsync(string userId, CancellationToken cancellationToken, params string[] roles)
    {
        var request = new IssueDevTokenRequest { UserId = userId };
        request.Roles.AddRange(roles);
        var response = await auth.IssueDevTokenAsync(request, cancellationToken: cancellationToken);
        return response.AccessToken;
    }

    /// <summary>The <c>authorization</c> header for a dev token of <paramref name="userId"/>.</summary>
    public async Task<Metadata> HeadersAsync(string userId, CancellationToken cancellationToken, params string[] roles) =>
        new() { { "authorization", "Bearer " + await IssueAsync(userId, cancellationToken, roles) } };
}
