using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Api.V1;
using Enerlectra.Exchange.Grains;
using Enerlectra.Exchange.Model;
using Enerlectra.Gateway.Mapping;

namespace Enerlectra.Gateway.Services;

/// <summary>
/// A wallet as the API shows it: the wallet grain's energy, earnings and phone, with the user's trading balances in the
/// default market (where deposits, withdrawals and verification amounts are kept). Energy counts every configured
/// market's trading account too, since offers hold it there: a household sees one amount wherever it is kept.
/// </summary>
public static class WalletViews
{
    public static async Task<Wallet> ViewAsync(this IGrainFactory grains, WalletSnapshot wallet, MarketOptions markets)
    {
        var accounts = await Task.WhenAll(markets.Markets.Select(m => grains.GetGrain<IOrderBookGrain>(m).GetAccountAsync(wallet.UserId)));
        var byMarket = markets.Markets.Zip(accounts).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        var home = byMarket.GetValueOrDefault(Ids.DefaultMarket) ?? AccountView.Empty(wallet.UserId);
        return wallet.ToApi(home, accounts.Sum(a => a.EnergyAvailableWh), accounts.Sum(a => a.EnergyReservedWh));
    }
}
