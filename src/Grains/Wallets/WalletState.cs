using Enerlectra.Abstractions.Payouts;
using Enerlectra.Abstractions.PhoneVerifications;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Wallets;
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
    /// <summary>
    /// A number linked before numbers were verified: never proven to be the user's, so never used for payments or
    /// payouts. Kept only so the stored state still reads; the user links (and verifies) it again.
    /// </summary>
    [Id(6)] public string? UnverifiedLegacyPhoneNumber { get; set; }
    [Id(7)] public MobileNetwork? UnverifiedLegacyPhoneNetwork { get; set; }
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

    /// <summary>The verified phone (digits with 260): the only number payments are collected from and payouts sent to.</summary>
    [Id(18)] public string? PhoneNumber { get; set; }
    [Id(19)] public MobileNetwork? PhoneNetwork { get; set; }

    /// <summary>
    /// Money the wallet itself held before balances moved to the markets' trading accounts (collected verification
    /// amounts). Never added to any more: the next activation deposits it into the default market
    /// (<see cref="PendingDeposits"/>) and sets it to zero, in one write.
    /// </summary>
    [Id(20)] public long LegacyBalanceNgwee { get; set; }

    /// <summary>The verification awaiting approval (null once it ended or was cancelled); at most one at a time.</summary>
    [Id(21)] public PhoneVerificationRequest? CurrentVerification { get; set; }

    /// <summary>The latest verification as the user sees it: awaiting approval, or how it ended.</summary>
    [Id(22)] public PhoneVerificationSnapshot? LastVerification { get; set; }

    /// <summary>Numbers the verifications, so each gets its own stable id (and provider reference).</summary>
    [Id(23)] public long VerificationSequence { get; set; }

    /// <summary>When recent verifications started, for the per-day limit (at most that many are kept).</summary>
    [Id(24)] public List<DateTimeOffset> RecentVerificationStarts { get; set; } = [];

    /// <summary>
    /// Energy transfers into markets: those still pending, and the most recent completed ones (so a retry with the
    /// same idempotency key finds its transfer and other terms under it are recognised as a conflict).
    /// </summary>
    [Id(25)] public Dictionary<Guid, EnergyTransferSnapshot> Transfers { get; set; } = [];

    /// <summary>Energy taken out of <see cref="AvailableWh"/> for transfers a market has not yet confirmed.</summary>
    [Id(26)] public long TransferringWh { get; set; }

    /// <summary>Energy moved into markets' trading accounts (confirmed by the market).</summary>
    [Id(27)] public long TransferredWh { get; set; }

    /// <summary>
    /// Money owed to a market balance that the market has not yet confirmed (a collected verification amount):
    /// recorded in the same write as the change that made it due, deposited (idempotently, by reference) right after,
    /// and removed once the market has it, so a crash in between never loses or doubles it.
    /// </summary>
    [Id(28)] public List<MarketDeposit> PendingDeposits { get; set; } = [];

    /// <summary>What happened to the wallet, oldest first, the latest <c>WalletGrain.HistoryKept</c> only.</summary>
    [Id(29)] public List<WalletHistoryEntry> History { get; set; } = [];
}
