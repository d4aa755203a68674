using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Api.V1;
using Enerlectra.Exchange.Grains;
using Enerlectra.Gateway.Mapping;

namespace Enerlectra.Gateway.Services;

/// <summary>
/// A wallet as the API shows it: the wallet grain's energy, earnings and phone, with the user's trading balances
/// (money and energy) in the default market, where deposits, withdrawals and verification amounts are kept.
/// </summary>
public static class WalletViews
{
    public static async Task<Wallet> ViewAsync(this IGrainFactory grains, WalletSnapshot wallet) =>
        wallet.ToApi(await grains.GetGrain<IOrderBookGrain>(Ids.DefaultMarket).GetAccountAsync(wallet.UserId));
}
