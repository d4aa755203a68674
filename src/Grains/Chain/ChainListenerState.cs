namespace Enerlectra.Grains.Chain;

[GenerateSerializer, Alias("enerlectra.ChainListenerState")]
public sealed record ChainListenerState
{
    /// <summary>The last block whose events are recorded; -1 before the first (or with no hash yet).</summary>
    [Id(0)] public long BlockNumber { get; set; } = -1;
    [Id(1)] public string? BlockHash { get; set; }

    /// <summary>Hashes of recently processed blocks, oldest first: how a reorganisation is found and how far it goes.</summary>
    [Id(2)] public List<ListenerBlock> Recent { get; set; } = [];

    /// <summary>What was recorded from recent blocks, so it can be undone if those blocks are replaced.</summary>
    [Id(3)] public List<ListenerJournalEntry> Journal { get; set; } = [];

    /// <summary>On-chain offer id → the server offer recording it, for offers created directly on-chain.</summary>
    [Id(4)] public Dictionary<long, Guid> ChainOffers { get; set; } = [];

    [Id(5)] public long OffersImported { get; set; }
    [Id(6)] public long TradesImported { get; set; }
    [Id(7)] public long Reorganisations { get; set; }
    [Id(8)] public DateTimeOffset? LastSyncAt { get; set; }
    [Id(9)] public long HeadBlock { get; set; }
    [Id(10)] public string? LastError { get; set; }
    [Id(11)] public bool Started { get; set; }

    /// <summary>
    /// Wallet payments of this server not yet read by the listener: trade id → the block its receipt named (or the
    /// head when it was watched). Found ones leave; one still missing once that block is read was reorganised away.
    /// </summary>
    [Id(12)] public Dictionary<Guid, long> WatchedPayments { get; set; } = [];

    /// <summary>The same for this server's on-chain records of mobile money trades (trade id → block).</summary>
    [Id(13)] public Dictionary<Guid, long> WatchedRecords { get; set; } = [];

    /// <summary>The same for deposits collected from linked wallets (deposit id → its user and block).</summary>
    [Id(14)] public Dictionary<Guid, WatchedDeposit> WatchedDeposits { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("enerlectra.WatchedDeposit")]
public sealed record WatchedDeposit([property: Id(0)] string UserId, [property: Id(1)] long Block);

[GenerateSerializer, Immutable, Alias("enerlectra.ListenerBlock")]
public sealed record ListenerBlock([property: Id(0)] long Number, [property: Id(1)] string Hash);

[GenerateSerializer, Immutable, Alias("enerlectra.ListenerJournalEntry")]
public sealed record ListenerJournalEntry(
    [property: Id(0)] long BlockNumber,
    [property: Id(1)] ListenerJournalKind Kind,
    [property: Id(2)] Guid Id,
    [property: Id(3)] long ChainOfferId,
    [property: Id(4)] string? UserId = null);

public enum ListenerJournalKind
{
    OfferImported = 0,
    TradeImported = 1,
    OfferCancelled = 2,
    /// <summary>This server's own wallet payment (the id is the trade's).</summary>
    ServerTrade = 3,

    /// <summary>This server's on-chain record of a mobile money trade (the id is the trade's).</summary>
    MirroredTrade = 4,

    /// <summary>This server's collection of a deposit from a linked wallet (the id is the deposit's, with its user).</summary>
    ServerDeposit = 5,
}
