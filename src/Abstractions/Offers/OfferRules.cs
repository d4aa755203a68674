using Enerlectra.Abstractions.Errors;

namespace Enerlectra.Abstractions.Offers;

/// <summary>The limits every offer obeys (as in the original system): 1 to 10,000 kWh, a positive price, expiry within 30 days.</summary>
public static class OfferRules
{
    public const long MinEnergyWh = 1_000;
    public const long MaxEnergyWh = 10_000_000;

    /// <summary>ZMW 1,000 per kWh: far above any real tariff, so a larger price is a typing mistake.</summary>
    public const long MaxPricePerKwhNgwee = 100_000;

    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    /// <summary>Throws a <see cref="TradingException"/> naming the first field that breaks a rule.</summary>
    public static void Validate(long energyWh, long pricePerKwhNgwee, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        if (energyWh < MinEnergyWh || energyWh > MaxEnergyWh)
        {
            throw TradingException.Invalid("energyWh", $"energyWh must be between {MinEnergyWh} Wh (1 kWh) and {MaxEnergyWh} Wh (10,000 kWh); got {energyWh}.");
        }

        if (pricePerKwhNgwee <= 0)
        {
            throw TradingException.Invalid("pricePerKwhNgwee", "pricePerKwhNgwee must be greater than zero.");
        }

        if (pricePerKwhNgwee > MaxPricePerKwhNgwee)
        {
            throw TradingException.Invalid("pricePerKwhNgwee", $"pricePerKwhNgwee must be at most {MaxPricePerKwhNgwee} (ZMW 1,000 per kWh).");
        }

        if (expiresAt <= now)
        {
            throw TradingException.Invalid("expiresAt", "expiresAt must be in the future.");
        }

        if (expiresAt - now > MaxLifetime)
        {
            throw TradingException.Invalid("expiresAt", "expiresAt must be at most 30 days from now.");
        }
    }
}
