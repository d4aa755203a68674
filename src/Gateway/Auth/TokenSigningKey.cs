using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Enerlectra.Gateway.Auth;

/// <summary>The symmetric key tokens are signed and checked with, when no external authority is configured.</summary>
public sealed class TokenSigningKey
{
    public TokenSigningKey(AuthOptions options)
    {
        byte[] key;
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            key = Convert.FromBase64String(options.SigningKey);
            if (key.Length < 32)
            {
                throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes (base64).");
            }
        }
        else if (options.DevTokensEnabled)
        {
            // Dev only: tokens die with the process, which is what a throwaway local run wants.
            key = RandomNumberGenerator.GetBytes(32);
        }
        else
        {
            throw new InvalidOperationException("Configure Auth:Authority or Auth:SigningKey (dev tokens are off).");
        }

        Key = new SymmetricSecurityKey(key);
    }

    public SymmetricSecurityKey Key { get; }
}
