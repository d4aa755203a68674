using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Api.V1;
using Enerlectra.Gateway.Auth;
using Enerlectra.Gateway.RateLimits;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Enerlectra.Gateway.Services;

[AllowAnonymous]
[RateLimitedAs(RequestKind.SignIn)]
public sealed class AuthApiService(IServiceProvider services) : AuthService.AuthServiceBase
{
    private static readonly HashSet<string> KnownRoles = [AuthOptions.MeterRole, AuthOptions.OperatorRole];

    public override Task<IssueDevTokenResponse> IssueDevToken(IssueDevTokenRequest request, ServerCallContext context)
    {
        var issuer = services.GetService<DevTokenIssuer>()
            ?? throw TradingException.Denied("Development tokens are disabled on this server; sign in through the identity provider.");
        var userId = Ids.RequireUserId(request.UserId, "userId");
        var unknown = request.Roles.FirstOrDefault(r => !KnownRoles.Contains(r));
        if (unknown is not null)
        {
            // Not echoed in full: a request can carry a role of any length.
            var shown = unknown.Length <= 40 ? unknown : unknown[..40] + "…";
            throw TradingException.Invalid("roles", $"Unknown role '{shown}'; roles are \"meter\" and \"operator\".");
        }

        var (token, expiresAt) = issuer.Issue(userId, request.Roles);
        return Task.FromResult(new IssueDevTokenResponse
        {
            AccessToken = token,
            TokenType = "Bearer",
            ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt),
        });
    }
}
