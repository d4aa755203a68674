namespace Enerlectra.Grains.Market;

/// <summary>How a market grain runs its book (configuration section "Markets:Book").</summary>
public sealed class MarketBookOptions
{
    public const string SectionName = "Markets:Book";

    /// <summary>A snapshot is written after this many journal events, so a restart replays at most about that many.</summary>
    public int SnapshotEveryEvents { get; set; } = 50_000;

    /// <summary>
    /// And not before this many events per order the market holds (open and recently closed): a snapshot copies
    /// every order, so in a deep book a fixed interval would make each event pay for more and more copying (with
    /// 100,000 orders, a 18 MB snapshot every 50,000 events cost a quarter of the place + cancel rate). Scaled, each
    /// event pays at most 1/2 of one order's copy, and a restart replays at most twice as many events as it loads orders.
    /// </summary>
    public int SnapshotEventsPerOrder { get; set; } = 2;

    /// <summary>How many recent feed items a market keeps for subscribers that reconnect.</summary>
    public int FeedReplayItems { get; set; } = 20_000;

    /// <summary>Orders (and cancels and amendments) one user may send per second; beyond it: RESOURCE_EXHAUSTED.</summary>
    public int OrdersPerSecondPerUser { get; set; } = 2_000;

    /// <summary>How many a user may send at once before the per-second rate applies.</summary>
    public int OrderBurstPerUser { get; set; } = 4_000;

    /// <summary>How often the market looks for orders whose expiry time has come.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
