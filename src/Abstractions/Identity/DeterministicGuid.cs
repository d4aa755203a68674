using System.Security.Cryptography;
using System.Text;

namespace Enerlectra.Abstractions.Identity;

/// <summary>
/// A stable id for something known from public data only (a chain event: contract, block, transaction, log index),
/// so every silo and every replay of the chain records it under the same id. Unkeyed, so anyone can compute it: never
/// use it for ids derived from what a client sends or for provider references (those are <see cref="KeyedIds"/>).
/// The result is shaped as a version-4 UUID, like every id of ours.
/// </summary>
public static class DeterministicGuid
{
    public static Guid Create(string scope, string owner, string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"enerlectra\n{scope}\n{owner}\n{key}"), hash);
        return ShapeAsVersion4(hash[..16]);
    }

    /// <summary>Sets the version (4) and RFC 4122 variant bits of 16 hash bytes, as providers require of references.</summary>
    internal static Guid ShapeAsVersion4(Span<byte> bytes)
    {
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid's byte order keeps the version in byte 7)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
