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

    /// <summary>
    /// The amount a buyer asks for: 0 (everything that remains) up to the most any offer holds. Checked before any
    /// price is computed from it, so no request value can make the pricing arithmetic overflow.
    /// </summary>
    public static void ValidatePurchase(long energyWh)
    {
        if (energyWh < 0)
        {
            throw TradingException.Invalid("energyWh", "energyWh cannot be negative (0 buys everything that remains).");
        }

        if (energyWh > MaxEnergyWh)
        {
            throw TradingException.Invalid("energyWh", $"energyWh must be at most {MaxEnergyWh} Wh (10,000 kWh, the most an offer holds); got {energyWh}.");
        }
    }

    /// <summary>Throws a <see cref="TradingException"/> naming the first field that breaks a rule.</summary>
    public static void Validate(long energyWh, long pricePerKwhNgwee, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        ValidateTerms(energyWh, pricePerKwhNgwee);
        if (expiresAt <= now)
        {
            throw TradingException.Invalid("expiresAt", "expiresAt must be in the future.");
        }

        if (expiresAt - now > MaxLifetime)
        {
            throw TradingException.Invalid("expiresAt", "expiresAt must be at most 30 days from now.");
        }
    }

    /// <summary>
    /// The amount and price alone, which do not depend on when the offer is made: the gateway checks them before a
    /// request reaches a grain (expiry is judged by the offer itself, so a retried create still finds its offer).
    /// </summary>
    public static void ValidateTerms(long energyWh, long pricePerKwhNgwee)
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
    }
}
