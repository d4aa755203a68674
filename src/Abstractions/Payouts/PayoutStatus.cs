namespace Enerlectra.Abstractions.Payouts;

public enum PayoutStatus
{
    /// <summary>Sent, or being sent, to the provider; the outcome is not yet definite.</summary>
    Pending = 0,
    Completed = 1,
    /// <summary>Definitely not paid: the amount went back to the seller's earnings.</summary>
    Failed = 2,
}
