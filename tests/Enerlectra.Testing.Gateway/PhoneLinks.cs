using Enerlectra.Abstractions.Phones;
using Enerlectra.Api.V1;
using Grpc.Core;

namespace Enerlectra.Testing;

/// <summary>
/// Giving a test user a phone through the public API: link it, then wait until its owner (the sandbox) approved the
/// verification collection. A number is only ever used for payments and payouts once verified, so this is the one
/// way tests give a buyer or seller a phone.
/// </summary>
public static class PhoneLinks
{
    /// <summary>
    /// Links <paramref name="phone"/> (any form) to <paramref name="userId"/> and returns the wallet once it is the
    /// verified phone. The sandbox approves verifications of any number except the endings 0020-0023 (reserved for
    /// testing verification itself); a failed verification fails here at once, with its reason.
    /// </summary>
    public static async Task<Wallet> LinkVerifiedAsync(
        WalletService.WalletServiceClient wallets, string userId, Metadata auth, string phone, string? network = null)
    {
        var expected = ZambianMsisdn.Parse(phone, "phone").ToString();
        await wallets.SetPhoneAsync(new SetPhoneRequest { UserId = userId, PhoneNumber = phone, Network = network ?? string.Empty }, auth);
        var wallet = await Eventually.UntilAsync(
            async () => await wallets.GetWalletAsync(new GetWalletRequest { UserId = userId }, auth),
            w => (w.PhoneNumber == expected && (network is null || w.Network == network))
                 || w.PhoneVerification?.Status is "failed" or "cancelled",
            $"{expected} to be verified for {userId}");
        if (wallet.PhoneNumber != expected)
        {
            throw new InvalidOperationException(
                $"Verifying {expected} for {userId} ended {wallet.PhoneVerification?.Status}: {wallet.PhoneVerification?.FailureReason}");
        }

        return wallet;
    }
}
