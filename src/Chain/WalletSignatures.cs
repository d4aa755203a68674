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

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex AddressPattern();

    [GeneratedRegex("^0x[0-9a-fA-F]{130}$")]
    private static partial Regex SignaturePattern();
}
