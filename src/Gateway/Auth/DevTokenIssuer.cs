using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Enerlectra.Gateway.Auth;

/// <summary>Mints tokens for the default run and tests, with the same claims production tokens carry.</summary>
public sealed class DevTokenIssuer(AuthOptions options, TokenSigningKey signingKey, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTimeOffset ExpiresAt) Issue(string userId, IEnumerable<string> roles)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.DevTokenLifetime;
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, userId) };
        claims.AddRange(roles.Distinct(StringComparer.Ordinal).Select(r => new Claim(CallerIdentity.RoleClaim, r)));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }
}
