using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Enerlectra.Gateway.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Enerlectra.Gateway.WebSessions;

/// <summary>
/// Makes what a web session consists of: family ids, access tokens (JWTs naming their family), opaque refresh tokens
/// and the CSRF token. The CSRF token is an HMAC of the family id, so every gateway that shares the signing key can check
/// it without storing it, and it stays the same across refreshes.
/// </summary>
public sealed class WebSessionTokens(AuthOptions auth, WebSessionOptions options, TokenSigningKey signingKey, TimeProvider clock)
{
    private const int FamilyIdBytes = 16;
    private const int SecretBytes = 32;

    private readonly JsonWebTokenHandler _handler = new();

    // A key of its own for CSRF tokens, derived from the signing key, so a CSRF token can never pass as a signature.
    private readonly byte[] _csrfKey = HMACSHA256.HashData(signingKey.Key.Key, "enerlectra web session csrf"u8);

    public static string NewFamilyId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(FamilyIdBytes));

    /// <summary>A family id as <see cref="NewFamilyId"/> makes them (32 lowercase hex digits).</summary>
    public static bool IsFamilyId(ReadOnlySpan<char> value) =>
        value.Length == FamilyIdBytes * 2 && !value.ContainsAnyExcept("0123456789abcdef");

    public (string Token, DateTimeOffset ExpiresAt) IssueAccess(string userId, IEnumerable<string> roles, string familyId)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.AccessLifetime;
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, userId),
            new(WebSessionSchemes.FamilyClaim, familyId),
            // Each token its own id, so two issued within a second differ (and can be told apart in a log).
            new(JwtRegisteredClaimNames.Jti, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))),
        };
        claims.AddRange(roles.Distinct(StringComparer.Ordinal).Select(r => new Claim(CallerIdentity.RoleClaim, r)));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>A new refresh token: the family id and 256 random bits. Only its hash is ever stored.</summary>
    public (string Token, DateTimeOffset ExpiresAt) NewRefresh(string familyId) =>
        ($"{familyId}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes))}", clock.GetUtcNow() + options.RefreshLifetime);

    /// <summary>The family a refresh token names, or null when it is not shaped like one of ours.</summary>
    public static string? FamilyOf(string? refreshToken)
    {
        if (refreshToken is null || refreshToken.Length != FamilyIdBytes * 2 + 1 + Base64Url.GetEncodedLength(SecretBytes))
        {
            return null;
        }

        var familyId = refreshToken.AsSpan(0, FamilyIdBytes * 2);
        return refreshToken[FamilyIdBytes * 2] == '.' && IsFamilyId(familyId) && Base64Url.IsValid(refreshToken.AsSpan(FamilyIdBytes * 2 + 1))
            ? familyId.ToString()
            : null;
    }

    public static string Hash(string value) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public string CsrfToken(string familyId) => Base64Url.EncodeToString(HMACSHA256.HashData(_csrfKey, Encoding.UTF8.GetBytes(familyId)));

    /// <summary>Whether <paramref name="presented"/> is the CSRF token of <paramref name="familyId"/> (in constant time).</summary>
    public bool IsCsrfToken(string familyId, string? presented) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(CsrfToken(familyId)), Encoding.UTF8.GetBytes(presented));
}
