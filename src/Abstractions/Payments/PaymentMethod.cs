namespace Enerlectra.Abstractions.Payments;

/// <summary>How the buyer wants to pay. <see cref="Hybrid"/> lets the server choose.</summary>
public enum PaymentMethod
{
    Hybrid = 0,
    MobileMoney = 1,
    Blockchain = 2,
}
