using System.Security.Cryptography;
using Enerlectra.Abstractions.Chain;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.WalletConnections;
using Enerlectra.Chain;
using Enerlectra.Grains.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enerlectra.Grains.WalletConnections;

/// <summary>
/// Links a user to a wallet address they control: the server issues a one-time message, the user signs it with
/// personal_sign (EIP-191), and the address is stored only if the signature recovers to it. One challenge is
/// outstanding at a time; it is usable once and until it expires.
/// </summary>
public sealed class WalletConnectionGrain(
    [PersistentState("walletConnection", StorageNames.Trading)] IPersistentState<WalletConnectionState> state,
    IOptions<WalletConnectionOptions> options,
    TimeProvider clock,
    ILogger<WalletConnectionGrain> logger) : Grain, IWalletConnectionGrain
{
    private readonly WalletConnectionOptions _options = options.Value;

    private WalletConnectionState S => state.State;

    private string UserId => this.GetPrimaryKeyString();

    public async Task<WalletChallenge> IssueChallengeAsync()
    {
        var now = clock.GetUtcNow();
        // 128 random bits: the nonce is what makes each message (and so each signature) single-use.
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var expiresAt = now + _options.ChallengeLifetime;
        var message =
            $"{_options.SiteName} asks you to confirm that this wallet address is yours.\n\n" +
            $"Signing links it to your {_options.SiteName} account. It costs nothing and moves no money.\n\n" +
            $"Site: {_options.SiteName}\n" +
            $"User: {UserId}\n" +
            $"Nonce: {nonce}\n" +
            $"Issued: {now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n" +
            $"Expires: {expiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}";
        S.ChallengeMessage = message;
        S.ChallengeExpiresAt = expiresAt;
        S.ChallengeUsed = false;
        await state.SaveOrRollbackAsync();
        return new WalletChallenge(message, nonce, now, expiresAt);
    }

    public async Task<WalletConnectionSnapshot> VerifyAsync(string address, string signature)
    {
        var normalised = WalletSignatures.NormaliseAddress(address)
            ?? throw TradingException.Invalid("address", "The wallet address must be 0x followed by 40 hexadecimal digits (with a correct checksum if it has mixed case).");
        if (!WalletSignatures.IsSignatureFormat(signature))
        {
            throw TradingException.Invalid("signature", "The signature must be 0x followed by 130 hexadecimal digits.");
        }

        if (S.ChallengeMessage is null)
        {
            throw TradingException.Precondition("Ask for a challenge to sign first.", "signature");
        }

        if (S.ChallengeUsed)
        {
            throw TradingException.Precondition("This challenge was already used; ask for a new one.", "signature");
        }

        if (clock.GetUtcNow() >= S.ChallengeExpiresAt)
        {
            throw TradingException.Precondition("This challenge has expired; ask for a new one.", "signature");
        }

        var signer = WalletSignatures.RecoverSigner(S.ChallengeMessage, signature);
        if (!string.Equals(signer, normalised, StringComparison.OrdinalIgnoreCase))
        {
            // Not consumed: the user may simply have signed with another account of theirs and can try again.
            throw TradingException.Invalid("signature", "The signature was not made by this wallet address for the current challenge.");
        }

        // Claim first: if saving the link fails afterwards, the claim is ours and a retry re-claims it harmlessly.
        await Index(normalised).ClaimAsync(UserId);
        var previous = S.Address;
        S.Address = normalised;
        S.LinkedAt = clock.GetUtcNow();
        S.ChallengeUsed = true;
        await state.SaveOrRollbackAsync();
        if (previous is not null && !string.Equals(previous, normalised, StringComparison.OrdinalIgnoreCase))
        {
            await Index(previous).ReleaseAsync(UserId);
        }

        logger.LogInformation("User {UserId} linked wallet address {Address}", UserId, normalised);
        return Snapshot();
    }

    public Task<WalletConnectionSnapshot> GetAsync() => Task.FromResult(Snapshot());

    public async Task<WalletConnectionSnapshot> UnlinkAsync()
    {
        if (S.Address is { } address)
        {
            S.Address = null;
            S.LinkedAt = null;
            await state.SaveOrRollbackAsync();
            await Index(address).ReleaseAsync(UserId);
        }

        return Snapshot();
    }

    private IWalletAddressGrain Index(string address) => GrainFactory.GetGrain<IWalletAddressGrain>(WalletAddresses.Key(address));

    private WalletConnectionSnapshot Snapshot() => new(UserId, S.Address, S.LinkedAt);
}
