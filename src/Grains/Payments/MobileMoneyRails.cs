using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Phones;
using Enerlectra.MobileMoney;

namespace Enerlectra.Grains.Payments;

/// <summary>The mobile money provider clients this host has, found by the payer's network.</summary>
public sealed class MobileMoneyRails(IEnumerable<IMobileMoneyCollections> providers, IEnumerable<IMobileMoneyDisbursements> payouts)
{
    private readonly Dictionary<MobileMoneyProvider, IMobileMoneyCollections> _byProvider =
        providers.GroupBy(p => p.Provider).ToDictionary(g => g.Key, g => g.First());

    private readonly Dictionary<MobileMoneyProvider, IMobileMoneyDisbursements> _payoutsByProvider =
        payouts.GroupBy(p => p.Provider).ToDictionary(g => g.Key, g => g.First());

    public bool Supports(MobileNetwork network) => _byProvider.ContainsKey(ToProvider(network));

    public bool SupportsPayouts(MobileNetwork network) => _payoutsByProvider.ContainsKey(ToProvider(network));

    /// <summary>The provider's disbursement client; null when this host cannot pay out on that network.</summary>
    public IMobileMoneyDisbursements? PayoutsFor(MobileNetwork network) =>
        _payoutsByProvider.TryGetValue(ToProvider(network), out var client) ? client : null;

    public IMobileMoneyCollections For(MobileNetwork network) =>
        _byProvider.TryGetValue(ToProvider(network), out var provider)
            ? provider
            : throw TradingException.Precondition($"Payments from {Name(network)} numbers are not available yet.", "phoneNumber");

    public static string Name(MobileNetwork network) => network switch
    {
        MobileNetwork.Mtn => "MTN MoMo",
        MobileNetwork.Airtel => "Airtel Money",
        MobileNetwork.Zamtel => "Zamtel Kwacha",
        _ => network.ToString(),
    };

    private static MobileMoneyProvider ToProvider(MobileNetwork network) => network switch
    {
        MobileNetwork.Mtn => MobileMoneyProvider.Mtn,
        MobileNetwork.Airtel => MobileMoneyProvider.Airtel,
        MobileNetwork.Zamtel => MobileMoneyProvider.Zamtel,
        _ => throw new ArgumentOutOfRangeException(nameof(network), network, null),
    };
}
