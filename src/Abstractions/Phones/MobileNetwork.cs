namespace Enerlectra.Abstractions.Phones;

/// <summary>The Zambian mobile money networks.</summary>
public enum MobileNetwork
{
    Mtn = 0,
    Airtel = 1,
    Zamtel = 2,
}
