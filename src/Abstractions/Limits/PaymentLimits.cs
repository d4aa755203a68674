using System.Globalization;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Phones;

namespace Enerlectra.Abstractions.Limits;

/// <summary>Limits of one provider, in ngwee.</summary>
public sealed class ProviderLimits
{
    /// <summary>The smallest payment the provider accepts.</summary>
    public long MinimumNgwee { get; set; } = 100;

    public long PerTransactionNgwee { get; set; } = 1_000_000;

    /// <summary>Rolling 24 hours, per user.</summary>
    public long DailyPerUserNgwee { get; set; } = 2_500_000;
}

/// <summary>Mobile money limits (configuration section "Limits"). Defaults are conservative Zambian wallet limits.</summary>
public sealed class PaymentLimits
{
    public const string SectionName = "Limits";

    /// <summary>Rolling 24 hours, per user, across all providers.</summary>
    public long DailyPerUserNgwee { get; set; } = 5_000_000;

    public ProviderLimits Mtn { get; set; } = new();

    public ProviderLimits Airtel { get; set; } = new();

    public ProviderLimits Zamtel { get; set; } = new();

    public ProviderLimits For(MobileNetwork network) => network switch
    {
        MobileNetwork.Mtn => Mtn,
        MobileNetwork.Airtel => Airtel,
        _ => Zamtel,
    };

    /// <summary>The per-payment rules, which need no history; throws naming the limit.</summary>
    public void CheckPayment(MobileNetwork network, string providerName, long amountNgwee)
    {
        var limits = For(network);
        if (amountNgwee < limits.MinimumNgwee)
        {
            throw TradingException.Precondition(
                $"{Kwacha(amountNgwee)} is below {providerName}'s minimum payment of {Kwacha(limits.MinimumNgwee)}; buy more energy.", "energyWh");
        }

        if (amountNgwee > limits.PerTransactionNgwee)
        {
            throw TradingException.Precondition(
                $"{Kwacha(amountNgwee)} is above {providerName}'s limit of {Kwacha(limits.PerTransactionNgwee)} per payment; buy less energy at a time.", "energyWh");
        }
    }

    /// <summary>
    /// The same per-payment rules for an amount the user names in ngwee (a deposit or a withdrawal,
    /// <paramref name="what"/>); throws naming amountNgwee.
    /// </summary>
    public void CheckAmount(MobileNetwork network, string providerName, long amountNgwee, string what)
    {
        var limits = For(network);
        if (amountNgwee < limits.MinimumNgwee)
        {
            throw TradingException.Precondition(
                $"{Kwacha(amountNgwee)} is below {providerName}'s minimum of {Kwacha(limits.MinimumNgwee)} per {what}.", "amountNgwee");
        }

        if (amountNgwee > limits.PerTransactionNgwee)
        {
            throw TradingException.Precondition(
                $"{Kwacha(amountNgwee)} is above {providerName}'s limit of {Kwacha(limits.PerTransactionNgwee)} per {what}; split it.", "amountNgwee");
        }
    }

    /// <summary>"ZMW 1,234.50" from ngwee, without floating point.</summary>
    public static string Kwacha(long ngwee)
    {
        var sign = ngwee < 0 ? "-" : string.Empty;
        var abs = Math.Abs(ngwee);
        return $"{sign}ZMW {(abs / 100).ToString("N0", CultureInfo.InvariantCulture)}.{abs % 100:D2}";
    }
}
