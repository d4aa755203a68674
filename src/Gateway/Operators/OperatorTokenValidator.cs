using System.Security.Claims;
using Enerlectra.Gateway.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Enerlectra.Gateway.Operators;

/// <summary>
/// Checks an access token an operator pastes into the sign-in page exactly as the API checks bearer tokens (same
/// issuer, audience, keys, lifetime; an OpenID Connect authority's keys when one is configured).
/// </summary>
public sealed class OperatorTokenValidator(IOptionsMonitor<JwtBearerOptions> bearerOptions)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>The operator's identity and when the token expires, or the reason it cannot sign in.</summary>
    public async Task<(ClaimsIdentity? Operator, DateTimeOffset ExpiresAt, string? Refusal)> ValidateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 8192)
        {
            return (null, default, "Paste an operator access token.");
        }

        var bearer = bearerOptions.Get(JwtBearerDefaults.AuthenticationScheme);
        var parameters = bearer.TokenValidationParameters.Clone();
        if (bearer.ConfigurationManager is { } configurationManager)
        {
            // The authority's signing keys, as the bearer handler would fetch them.
            var configuration = await configurationManager.GetConfigurationAsync(cancellationToken);
            parameters.ValidIssuers = [.. parameters.ValidIssuers ?? [], configuration.Issuer];
            parameters.IssuerSigningKeys = [.. parameters.IssuerSigningKeys ?? [], .. configuration.SigningKeys];
        }

        var result = await _handler.ValidateTokenAsync(token.Trim(), parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return (null, default, "That token is not valid here (expired, or not issued for this server).");
        }

        var roles = jwt.Claims.Where(c => c.Type == CallerIdentity.RoleClaim).Select(c => c.Value).ToList();
        if (!roles.Contains(AuthOptions.OperatorRole, StringComparer.Ordinal))
        {
            return (null, default, "That token does not carry the operator role.");
        }

        return (Identity(jwt.Subject, roles), new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero), null);
    }

    /// <summary>The identity the operator cookie carries: who, and their roles, nothing else.</summary>
    public static ClaimsIdentity Identity(string subject, IEnumerable<string> roles)
    {
        var claims = new List<Claim> { new(CallerIdentity.SubjectClaim, subject) };
        claims.AddRange(roles.Distinct(StringComparer.Ordinal).Select(r => new Claim(CallerIdentity.RoleClaim, r)));
        return new ClaimsIdentity(claims, OperatorSession.Scheme, CallerIdentity.SubjectClaim, CallerIdentity.RoleClaim);
    }
}
