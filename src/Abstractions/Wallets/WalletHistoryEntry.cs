using Orleans;

namespace Enerlectra.Abstractions.Wallets;

/// <summary>
/// One thing that happened to a wallet, as its owner reads it in their history: a purchase, a sale, a payout (or a
/// failed one) or a money deposit. <see cref="Reference"/> is the trade, payout or deposit id.
/// </summary>
[GenerateSerializer, Immutable, Alias("enerlectra.WalletHistoryEntry")]
public sealed record WalletHistoryEntry(
    [property: Id(0)] WalletHistoryKind Kind,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] long EnergyWh,
    [property: Id(3)] long AmountNgwee,
    [property: Id(4)] string Reference,
    [property: Id(5)] string? Detail = null);
