using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Enerlectra.MobileMoney.Mtn;

namespace Enerlectra.MobileMoney.Airtel;

/// <summary>
/// Checks the "hash" of an Airtel callback. What is signed: the exact UTF-8 text of the "transaction" value as it
/// appears in the body, from its opening '{' to its closing '}' inclusive (no re-serialisation, so whitespace and key
/// order are whatever the sender wrote). The hash is base64(HMAC-SHA256(key: UTF-8 of the callback secret, message:
/// that text)). Comparison is constant-time.
/// </summary>
/// <remarks>
/// Airtel's "callback authentication" must be switched on for the application and its exact signing rule confirmed at
/// go-live; this class is the one place to adapt. Even an authentic callback is only a hint: the server acts on the
/// status query. The hash carries no nonce or time, so a captured callback stays valid: the trade remembers the
/// <see cref="SignedContentId"/> of those it has had and refuses the same one again.
/// </remarks>
public static class AirtelCallbackVerifier
{
    /// <summary>Verifies a raw callback body.</summary>
    /// <param name="rawBody">The body exactly as received.</param>
    /// <param name="secret">The configured callback secret (<see cref="AirtelMoneyOptions.CallbackSecret"/>), or null/empty.</param>
    /// <returns>The verdict.</returns>
    public static AirtelCallbackAuthenticity Verify(string? rawBody, string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return AirtelCallbackAuthenticity.NotConfigured;
        }

        // A body that is blank, not JSON or not an object cannot carry a valid signature.
        return MtnJson.ReadObject(rawBody, root => VerifyTransaction(root, secret), AirtelCallbackAuthenticity.Forged);
    }

    private static AirtelCallbackAuthenticity VerifyTransaction(JsonElement root, string secret)
    {
        if (!root.TryGetProperty("transaction", out JsonElement transaction) || transaction.ValueKind != JsonValueKind.Object)
        {
            return AirtelCallbackAuthenticity.Forged;
        }

        string? hash = root.TryGetProperty("hash", out JsonElement h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
        if (string.IsNullOrEmpty(hash))
        {
            return AirtelCallbackAuthenticity.Unsigned;
        }

        // GetRawText returns the value's original text, which is exactly what was signed.
        return IsAuthentic(transaction.GetRawText(), hash, secret)
            ? AirtelCallbackAuthenticity.Authentic
            : AirtelCallbackAuthenticity.Forged;
    }

    /// <summary>
    /// Identifies exactly what a callback's hash signs: a digest (128 bits, base64) of the "transaction" text as sent.
    /// Two bodies with the same id carry the same signed content, however the unsigned rest (the hash's own spelling,
    /// whitespace around it) differs, so this is what recognises a replayed callback. Only meaningful for a body that
    /// <see cref="Verify"/> found <see cref="AirtelCallbackAuthenticity.Authentic"/>.
    /// </summary>
    /// <param name="rawBody">The body exactly as received.</param>
    /// <returns>The id, or null when the body has no "transaction" object.</returns>
    public static string? SignedContentId(string? rawBody) =>
        MtnJson.ReadObject<string?>(rawBody, root =>
            root.TryGetProperty("transaction", out JsonElement transaction) && transaction.ValueKind == JsonValueKind.Object
                ? Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(transaction.GetRawText())).AsSpan(0, 16))
                : null,
            null);

    /// <summary>Whether a raw callback body carries a valid hash (false when no secret is configured).</summary>
    /// <param name="rawBody">The body exactly as received.</param>
    /// <param name="secret">The configured callback secret.</param>
    /// <returns><see langword="true"/> only for <see cref="AirtelCallbackAuthenticity.Authentic"/>.</returns>
    public static bool IsAuthentic(string? rawBody, string? secret) =>
        Verify(rawBody, secret) == AirtelCallbackAuthenticity.Authentic;

    /// <summary>Whether <paramref name="hash"/> signs <paramref name="transactionJson"/> under <paramref name="secret"/>.</summary>
    /// <param name="transactionJson">The signed text: the "transaction" object as sent.</param>
    /// <param name="hash">The base64 hash from the callback.</param>
    /// <param name="secret">The callback secret.</param>
    /// <returns><see langword="true"/> when they match.</returns>
    public static bool IsAuthentic(string transactionJson, string? hash, string secret)
    {
        ArgumentNullException.ThrowIfNull(transactionJson);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (string.IsNullOrEmpty(hash))
        {
            return false;
        }

        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(hash, given, out int length) || length != HMACSHA256.HashSizeInBytes)
        {
            return false;
        }

        byte[] expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(transactionJson));
        return CryptographicOperations.FixedTimeEquals(expected, given[..length]);
    }

    /// <summary>Computes the hash for <paramref name="transactionJson"/> (what a sender puts in "hash").</summary>
    /// <param name="transactionJson">The "transaction" object text exactly as it will be sent.</param>
    /// <param name="secret">The callback secret.</param>
    /// <returns>The base64 HMAC-SHA256.</returns>
    public static string ComputeHash(string transactionJson, string secret)
    {
        ArgumentNullException.ThrowIfNull(transactionJson);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(transactionJson)));
    }
}
