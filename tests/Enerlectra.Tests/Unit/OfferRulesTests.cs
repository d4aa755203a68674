using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Offers;
using Xunit;

namespace Enerlectra.Tests.Unit;

public class OfferRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Tomorrow = Now.AddDays(1);

    [Theory]
    [InlineData(OfferRules.MinEnergyWh)]
    [InlineData(OfferRules.MaxEnergyWh)]
    [InlineData(5_000)]
    public void Energy_within_bounds_is_accepted(long energyWh) =>
        OfferRules.Validate(energyWh, 1500, Tomorrow, Now);

    [Theory]
    [InlineData(OfferRules.MinEnergyWh - 1)]
    [InlineData(OfferRules.MaxEnergyWh + 1)]
    [InlineData(0)]
    [InlineData(-1000)]
    public void Energy_beyond_bounds_names_energyWh(long energyWh) =>
        AssertInvalid("energyWh", () => OfferRules.Validate(energyWh, 1500, Tomorrow, Now));

    [Theory]
    [InlineData(1)]
    [InlineData(OfferRules.MaxPricePerKwhNgwee)]
    public void Price_within_bounds_is_accepted(long price) =>
        OfferRules.Validate(1000, price, Tomorrow, Now);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(OfferRules.MaxPricePerKwhNgwee + 1)]
    public void Price_beyond_bounds_names_pricePerKwhNgwee(long price) =>
        AssertInvalid("pricePerKwhNgwee", () => OfferRules.Validate(1000, price, Tomorrow, Now));

    [Fact]
    public void Expiry_bounds()
    {
        OfferRules.Validate(1000, 1, Now.AddTicks(1), Now);
        OfferRules.Validate(1000, 1, Now + OfferRules.MaxLifetime, Now);
        AssertInvalid("expiresAt", () => OfferRules.Validate(1000, 1, Now, Now));
        AssertInvalid("expiresAt", () => OfferRules.Validate(1000, 1, Now.AddMinutes(-1), Now));
        AssertInvalid("expiresAt", () => OfferRules.Validate(1000, 1, Now + OfferRules.MaxLifetime + TimeSpan.FromTicks(1), Now));
    }

    [Fact]
    public void The_first_broken_rule_is_reported()
    {
        // Everything is wrong; the client is told about energy first (the order of the form's fields).
        AssertInvalid("energyWh", () => OfferRules.Validate(0, 0, Now, Now));
        AssertInvalid("pricePerKwhNgwee", () => OfferRules.Validate(1000, 0, Now, Now));
    }

    [Theory]
    [InlineData(0)]                        // everything that remains
    [InlineData(1)]
    [InlineData(OfferRules.MaxEnergyWh)]
    public void A_purchase_up_to_the_largest_offer_is_accepted(long energyWh) => OfferRules.ValidatePurchase(energyWh);

    [Theory]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    [InlineData(OfferRules.MaxEnergyWh + 1)]
    [InlineData(long.MaxValue)]            // priced, this overflowed: 500 instead of a refusal
    public void A_purchase_beyond_any_offer_names_energyWh(long energyWh) =>
        AssertInvalid("energyWh", () => OfferRules.ValidatePurchase(energyWh));

    [Fact]
    public void Terms_alone_are_checked_without_an_expiry()
    {
        OfferRules.ValidateTerms(OfferRules.MinEnergyWh, OfferRules.MaxPricePerKwhNgwee);
        AssertInvalid("energyWh", () => OfferRules.ValidateTerms(long.MaxValue, 1));
        AssertInvalid("pricePerKwhNgwee", () => OfferRules.ValidateTerms(1000, long.MaxValue));
    }

    private static void AssertInvalid(string field, Action act)
    {
        var ex = Assert.Throws<TradingException>(act);
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal(field, ex.Field);
        Assert.Contains(field, ex.Message);
    }
}
