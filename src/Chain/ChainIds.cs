namespace Enerlectra.Chain;

/// <summary>
/// The server's ids (Guids) as the contracts' bytes32 keys (serverOfferId, tradeRef): 16 zero bytes followed by the
/// Guid's 16 bytes in RFC 4122 (big-endian) order, i.e. the UUID read as a uint256. The same UUID therefore shows
/// up on a block explorer as its usual hex digits (0x000...0 + the UUID without dashes), and never as all zero
/// bytes unless the Guid is empty.
/// </summary>
public static class ChainIds
{
    public static byte[] ToBytes32(Guid id)
    {
        var bytes = new byte[32];
        id.ToByteArray(bigEndian: true).CopyTo(bytes, 16);
        return bytes;
    }

    /// <summary>The inverse of <see cref="ToBytes32"/>; throws unless <paramref name="bytes"/> is 32 bytes whose first 16 are zero.</summary>
    public static Guid FromBytes32(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length != 32)
        {
            throw new ArgumentException($"A bytes32 id has 32 bytes, not {bytes.Length}.", nameof(bytes));
        }

        if (bytes.AsSpan(0, 16).ContainsAnyExcept((byte)0))
        {
            throw new ArgumentException("Not a server id: the first 16 bytes of a bytes32 id must be zero.", nameof(bytes));
        }

        return new Guid(bytes.AsSpan(16, 16), bigEndian: true);
    }
}
