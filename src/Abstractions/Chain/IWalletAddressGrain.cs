using Orleans;

namespace Enerlectra.Abstractions.Chain;

/// <summary>
/// The one-address-one-user index, keyed by the wallet address in lower case. A user links an address only after
/// claiming it here, so two accounts can never share an address, and the chain listener can tell whose account an
/// on-chain offer or trade belongs to.
/// </summary>
[Alias("enerlectra.IWalletAddressGrain")]
public interface IWalletAddressGrain : IGrainWithStringKey
{
    /// <summary>Claims the address for <paramref name="userId"/>; refused (AlreadyExists, field "address") if another user holds it.</summary>
    [Alias("Claim")]
    Task ClaimAsync(string userId);

    /// <summary>Gives the address up if <paramref name="userId"/> holds it (idempotent).</summary>
    [Alias("Release")]
    Task ReleaseAsync(string userId);

    /// <summary>The user holding the address, or null.</summary>
    [Alias("GetUser"), Orleans.Concurrency.AlwaysInterleave]
    Task<string?> GetUserAsync();
}

public static class WalletAddresses
{
    /// <summary>The index key of an address (any case, with 0x).</summary>
    public static string Key(string address) => address.Trim().ToLowerInvariant();

    private const string UnlinkedPrefix = "wallet:";

    /// <summary>
    /// The account of someone who traded on-chain without linking their address to an Enerlectra account. The ':' can
    /// never appear in a user id, so no sign-in can ever claim these records.
    /// </summary>
    public static string UnlinkedUserId(string address) => UnlinkedPrefix + Key(address);

    /// <summary>Whether <paramref name="userId"/> is an <see cref="UnlinkedUserId"/> ("wallet:0x" and 40 hex digits).</summary>
    public static bool IsUnlinkedUserId(string? userId) =>
        userId is { Length: 49 } && userId.StartsWith(UnlinkedPrefix + "0x", StringComparison.Ordinal) &&
        userId.AsSpan(9).IndexOfAnyExcept("0123456789abcdef") < 0;
}
