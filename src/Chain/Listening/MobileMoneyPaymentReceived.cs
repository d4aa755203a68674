namespace Enerlectra.Chain.Listening;

/// <summary>MobileMoneyPaymentReceived; <paramref name="OfferId"/> is 0 when no offer was involved.</summary>
public sealed record MobileMoneyPaymentReceived(int IndexInTransaction, string User, string Reference, long EnergyWh, long OfferId)
    : ChainEvent(IndexInTransaction);
