using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Enerlectra.Fuzz;

/// <summary>
/// Authorization headers the server must refuse: none, garbage, unsigned ("alg": "none"), signed with another key,
/// and (when the fuzzer knows the server's key) expired, not yet valid, or for another issuer or audience.
/// </summary>
public sealed class HostileTokens(FuzzOptions options)
{
    private readonly byte[] _otherKey = SHA256.HashData(Encoding.UTF8.GetBytes("not-the-server-key"));

    public string Pick(Random random, string userId)
    {
        var now = DateTimeOffset.UtcNow;
        var kinds = options.SigningKey is null ? 6 : 10;
        return random.Next(kinds) switch
        {
            0 => "",
            1 => "Bearer",
            2 => "Bearer " + HostileValues.RandomString(random, random.Next(1, 400)),
            3 => "Bearer " + Jwt(new { alg = "none", typ = "JWT" }, Claims(userId, now.AddHours(1)), null),
            4 => "Bearer " + Jwt(new { alg = "HS256", typ = "JWT" }, Claims(userId, now.AddHours(1)), _otherKey),
            5 => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userId + ":password")),
            6 => "Bearer " + Jwt(new { alg = "HS256", typ = "JWT" }, Claims(userId, now.AddHours(-2)), ServerKey),
            7 => "Bearer " + Jwt(new { alg = "HS256", typ = "JWT" }, Claims(userId, now.AddHours(1)) with { iss = "someone-else" }, ServerKey),
            8 => "Bearer " + Jwt(new { alg = "HS256", typ = "JWT" }, Claims(userId, now.AddHours(1)) with { aud = "another-api" }, ServerKey),
            _ => "Bearer " + Jwt(new { alg = "HS512", typ = "JWT" }, Claims(userId, now.AddHours(1)), _otherKey),
        };
    }

    private byte[] ServerKey => Convert.FromBase64String(options.SigningKey!);

    private TokenClaims Claims(string userId, DateTimeOffset expires) => new(
        userId, "operator", options.Issuer, options.Audience, expires.AddHours(-1).ToUnixTimeSeconds(), expires.ToUnixTimeSeconds());

    private static string Jwt(object header, TokenClaims claims, byte[]? key)
    {
        var unsigned = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        return key is null ? unsigned + "." : unsigned + "." + Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(unsigned)));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // Lower-case names: these are the JWT claim names on the wire.
#pragma warning disable IDE1006
    private sealed record TokenClaims(string sub, string role, string iss, string aud, long nbf, long exp);
#pragma warning restore IDE1006
}
