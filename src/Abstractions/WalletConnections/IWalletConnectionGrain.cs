using Orleans;

namespace Enerlectra.Abstractions.WalletConnections;

/// <summary>
/// A user's link to their own wallet address, keyed by user id. The link is made only by signing a one-time
/// challenge from this server (EIP-191 personal_sign), so a user cannot claim someone else's address.
/// </summary>
[Alias("enerlectra.IWalletConnectionGrain")]
public interface IWalletConnectionGrain : IGrainWithStringKey
{
    /// <summary>A fresh one-time message to sign; it replaces any earlier unused challenge.</summary>
    [Alias("IssueChallenge")]
    Task<WalletChallenge> IssueChallengeAsync();

    /// <summary>
    /// Links <paramref name="address"/> if <paramref name="signature"/> is its signature of the current challenge,
    /// which must be unexpired and unused. Refusals are TradingExceptions naming the field.
    /// </summary>
    [Alias("Verify")]
    Task<WalletConnectionSnapshot> VerifyAsync(string address, string signature);

    [Alias("Get")]
    Task<WalletConnectionSnapshot> GetAsync();

    /// <summary>Removes the link (idempotent).</summary>
    [Alias("Unlink")]
    Task<WalletConnectionSnapshot> UnlinkAsync();
}
