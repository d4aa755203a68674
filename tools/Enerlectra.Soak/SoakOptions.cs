namespace Enerlectra.Soak;

/// <summary>How long the soak runs, how hard it pushes, and where its processes listen (loopback only).</summary>
public sealed record SoakOptions
{
    /// <summary>How long the load runs; the faults are spread over it.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The most the settling after the load may take before what is unfinished counts as stuck.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How long the mobile money providers are unreachable in the provider outage.</summary>
    public TimeSpan ProviderOutage { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An Npgsql connection string to a server the soak may create a database on and restart.</summary>
    public required string Postgres { get; init; }

    /// <summary>The PostgreSQL data directory (for <c>pg_ctl restart</c>); null: no database restart.</summary>
    public string? PostgresDataDirectory { get; init; }

    /// <summary>Households buying, in parallel.</summary>
    public int Buyers { get; init; } = 18;

    /// <summary>Households selling (each with a meter).</summary>
    public int Sellers { get; init; } = 6;

    /// <summary>How often each of the two order-book bots places an order.</summary>
    public TimeSpan BotOrderInterval { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The first of the ports the soak uses (about ten after it).</summary>
    public int BasePort { get; init; } = 21100;

    public int Seed { get; init; } = 1;

    /// <summary>Where the processes' logs go.</summary>
    public string LogDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "enerlectra-soak");

    /// <summary>The repository root (for the built silo and gateway).</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>A Hardhat dev node's JSON-RPC address for the chain rail (wallet payments, node outage, reorganisation); null: mobile money only.</summary>
    public Uri? Chain { get; init; }

    /// <summary>Households paying from their own wallet on the chain (when there is one), beside the mobile money buyers.</summary>
    public int WalletBuyers { get; init; } = 4;

    /// <summary>How long the chain node is unreachable in the chain outage.</summary>
    public TimeSpan ChainOutage { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether faults are injected (off: a calm baseline run).</summary>
    public bool Faults { get; init; } = true;
}
