using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Nethereum.Signer;
using Nethereum.Util;

namespace Enerlectra.Chain;

/// <summary>EIP-191 ("personal_sign") checks for linking a user's own wallet address.</summary>
public static partial class WalletSignatures
{
    /// <summary>The address in checksum form, or null if it is not 0x + 40 hex digits with a valid checksum (when mixed case).</summary>
    public static string? NormaliseAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || !AddressPattern().IsMatch(address.Trim()))
        {
            return null;
        }

        var trimmed = address.Trim();
        var hex = trimmed[2..];
        // All-lower or all-upper carries no checksum; mixed case does (EIP-55) and must be right, since a typo in
        // a mixed-case address is exactly what the checksum exists to catch.
        var mixedCase = hex.Any(char.IsLower) && hex.Any(char.IsUpper);
        if (mixedCase && !AddressUtil.Current.IsChecksumAddress(trimmed))
        {
            return null;
        }

        return AddressUtil.Current.ConvertToChecksumAddress(trimmed);
    }

    /// <summary>Whether the text is a 65-byte signature in hex (0x + 130 hex digits).</summary>
    public static bool IsSignatureFormat(string? signature) =>
        !string.IsNullOrWhiteSpace(signature) && SignaturePattern().IsMatch(signature.Trim());

    /// <summary>
    /// The checksummed address that signed <paramref name="message"/> with personal_sign, or null when the
    /// signature cannot be recovered (bad v, r or s).
    /// </summary>
    public static string? RecoverSigner(string message, string signature)
    {
        if (!HasRecoverableParts(signature.Trim()))
        {
            return null;
        }

        try
        {
            var recovered = new EthereumMessageSigner().EncodeUTF8AndEcRecover(message, signature.Trim());
            return string.IsNullOrEmpty(recovered) ? null : AddressUtil.Current.ConvertToChecksumAddress(recovered);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or IndexOutOfRangeException or Org.BouncyCastle.Crypto.CryptoException)
        {
            return null;
        }
    }

    /// <summary>
    /// r and s on the curve (1 to n-1) and v a recovery id personal_sign produces (27/28, or 0/1 from some wallets).
    /// Checked before recovery, which for other values fails in ways of its own (answered as a server error before).
    /// </summary>
    private static bool HasRecoverableParts(string signature)
    {
        if (!IsSignatureFormat(signature))
        {
            return false;
        }

        var hex = signature.AsSpan(2);
        var r = Unsigned(hex[..64]);
        var s = Unsigned(hex[64..128]);
        var v = byte.Parse(hex[128..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return r > BigInteger.Zero && r < CurveOrder && s > BigInteger.Zero && s < CurveOrder && v is 0 or 1 or 27 or 28;
    }

    /// <summary>n of secp256k1.</summary>
    private static readonly BigInteger CurveOrder = Unsigned("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");

    /// <summary>Hex digits as a non-negative number (a leading zero keeps a high first digit from reading as a sign).</summary>
    private static BigInteger Unsigned(ReadOnlySpan<char> hex) =>
        BigInteger.Parse(string.Concat("0", hex), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex AddressPattern();

    [GeneratedRegex("^0x[0-9a-fA-F]{130}$")]
    private static partial Regex SignaturePattern();
}
