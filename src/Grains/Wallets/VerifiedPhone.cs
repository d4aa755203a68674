using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Wallets;

namespace Enerlectra.Grains.Wallets;

/// <summary>
/// A user's verified phone (digits with 260) and its network: the only number money is collected from and paid out
/// to. Read from the wallet by the grain that moves the money, whatever number a request named.
/// </summary>
public sealed record VerifiedPhone(string Msisdn, MobileNetwork Network)
{
    /// <summary>The user's verified phone, or null when they have none.</summary>
    public static async Task<VerifiedPhone?> OfAsync(IGrainFactory grains, string userId)
    {
        var wallet = await grains.GetGrain<IWalletGrain>(userId).GetAsync();
        return wallet.PhoneNumber is { } phone && wallet.PhoneNetwork is { } network ? new VerifiedPhone(phone.TrimStart('+'), network) : null;
    }
}
