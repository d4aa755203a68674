namespace Enerlectra.Grains;

/// <summary>Business and timing settings of the trading core (configuration section "Trading").</summary>
public sealed class TradingOptions
{
    public const string SectionName = "Trading";

    /// <summary>The platform fee in basis points of the trade amount (25 = 0.25%).</summary>
    public int FeeBasisPoints { get; set; } = 25;

    /// <summary>First wait before asking the provider about a pending payment; doubles up to <see cref="MaxPaymentPollInterval"/>.</summary>
    public TimeSpan PaymentPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxPaymentPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Least time between two status queries that callbacks make one trade run. Callbacks are only hints and may be
    /// forged or flooded; a callback inside the interval only makes sure one query follows at its end, so a flood
    /// costs at most one query per interval per trade against the provider's budget (MTN: about 10 per second per
    /// silo for all trades together). The first callback after a quiet interval is acted on at once.
    /// </summary>
    public TimeSpan CallbackQueryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Durable wake-up for unfinished payments, so a crash or restart never strands one.</summary>
    public TimeSpan ReconcileReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Where providers send payment callbacks (the gateway's HTTP/1.1 address). Empty: no callbacks, polling only.</summary>
    public string? CallbackBaseUrl { get; set; }

    /// <summary>
    /// How long the market gathers offer changes made through its book before writing its event log (their events are
    /// published once written); the offers themselves are durable in the journal before any call returns.
    /// </summary>
    public TimeSpan MarketLogWriteDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How many recent events a market keeps for clients that reconnect.</summary>
    public int MarketReplayWindow { get; set; } = 1000;

    /// <summary>How often a market looks for expired offers and abandoned reservations.</summary>
    public TimeSpan MarketSweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A reservation whose trade was never recorded is released after this long.</summary>
    public TimeSpan AbandonedReservationAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many operation ids a wallet remembers to make retries harmless.</summary>
    public int AppliedOperationsWindow { get; set; } = 10_000;

    /// <summary>
    /// Largest single reading accepted (1,000 kWh), from a meter (on top of its capacity over the interval) or an
    /// operator's correction: bigger is a meter or typing fault.
    /// </summary>
    public long MaxReadingWh { get; set; } = 1_000_000;
}
