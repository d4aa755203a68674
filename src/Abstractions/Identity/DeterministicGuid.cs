using System.Security.Cryptography;
using System.Text;

namespace Enerlectra.Abstractions.Identity;

/// <summary>
/// Turns a client's idempotency key into a stable id, so a retried request reaches the same grain and cannot create
/// a second offer or start a second payment. The owner is part of the input: two users' keys never collide.
/// The result is shaped as a version-4 UUID because providers (MTN's X-Reference-Id) require one.
/// </summary>
public static class DeterministicGuid
{
    public static Guid Create(string scope, string owner, string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"enerlectra\n{scope}\n{owner}\n{key}"), hash);
        var bytes = hash[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid's byte order keeps the version in byte 7)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
