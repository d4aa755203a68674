namespace Enerlectra.MobileMoney;

/// <summary>The mobile money networks operating in Zambia that Enerlectra collects from.</summary>
public enum MobileMoneyProvider
{
    /// <summary>MTN Mobile Money (MoMo).</summary>
    Mtn,

    /// <summary>Airtel Money.</summary>
    Airtel,

    /// <summary>Zamtel Kwacha.</summary>
    Zamtel,
}
