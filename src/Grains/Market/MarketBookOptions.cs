namespace Enerlectra.Grains.Market;

/// <summary>How a market grain runs its book (configuration section "Markets:Book").</summary>
public sealed class MarketBookOptions
{
    public const string SectionName = "Markets:Book";

    /// <summary>A snapshot is written after this many journal events, so a restart replays at most about that many.</summary>
    public int SnapshotEveryEvents { get; set; } = 50_000;

    /// <summary>How many recent feed items a market keeps for subscribers that reconnect.</summary>
    public int FeedReplayItems { get; set; } = 20_000;

    /// <summary>Orders (and cancels and amendments) one user may send per second; beyond it: RESOURCE_EXHAUSTED.</summary>
    public int OrdersPerSecondPerUser { get; set; } = 2_000;

    /// <summary>How many a user may send at once before the per-second rate applies.</summary>
    public int OrderBurstPerUser { get; set; } = 4_000;

    /// <summary>How often the market looks for orders whose expiry time has come.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
