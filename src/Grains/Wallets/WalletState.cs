using Enerlectra.Abstractions.Payouts;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Grains.Infrastructure;

namespace Enerlectra.Grains.Wallets;

[GenerateSerializer, Alias("enerlectra.WalletState")]
public sealed record WalletState
{
    [Id(0)] public long AvailableWh { get; set; }
    [Id(1)] public long ReservedWh { get; set; }
    [Id(2)] public long BoughtWh { get; set; }
    [Id(3)] public long GeneratedWh { get; set; }
    [Id(4)] public long EarningsNgwee { get; set; }
    [Id(5)] public long SpentNgwee { get; set; }
    [Id(6)] public string? PhoneNumber { get; set; }
    [Id(7)] public MobileNetwork? PhoneNetwork { get; set; }
    [Id(8)] public long Version { get; set; }
    [Id(9)] public AppliedOperations Applied { get; set; } = new();

    /// <summary>Reading id → Wh, so a repeated reading with a different value is recognised as a conflict.</summary>
    [Id(10)] public Dictionary<string, long> RecentReadings { get; set; } = new(StringComparer.Ordinal);

    [Id(11)] public long PayoutPendingNgwee { get; set; }
    [Id(12)] public long PaidOutNgwee { get; set; }

    /// <summary>Numbers the payouts, so each gets its own stable id (and provider reference).</summary>
    [Id(13)] public long PayoutSequence { get; set; }

    /// <summary>At most one payout is in flight per wallet; its amount is <see cref="PayoutPendingNgwee"/>.</summary>
    [Id(14)] public PayoutRequest? CurrentPayout { get; set; }
    [Id(15)] public string? LastPayoutFailure { get; set; }

    /// <summary>Energy sold from offers made directly on-chain (the contract held it, not this wallet).</summary>
    [Id(16)] public long SoldOnChainWh { get; set; }

    /// <summary>What buyers paid this seller on-chain, directly to their wallet address (never paid out by us).</summary>
    [Id(17)] public long EarnedOnChainNgwee { get; set; }
}
