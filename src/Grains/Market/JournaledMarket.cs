using Enerlectra.Abstractions.Errors;
using Enerlectra.Exchange;
using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Grains;
using Enerlectra.Exchange.Journal;
using Enerlectra.Exchange.Model;
using Enerlectra.Grains.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Grains.Market;

/// <summary>
/// A market's engine made durable. A command runs against the in-memory ledger at once (so the next command sees
/// its effects), its events join the next group commit, and the caller's answer waits until that commit is in the
/// journal: acknowledged means durable, and many commands share one commit. If a commit fails, the events of every
/// command not yet acknowledged exist only in memory and cannot be taken back one by one, so the market refuses
/// everything from then on and asks its grain to deactivate: the next activation rebuilds it from the journal, and
/// clients retry (idempotently, by client order id). Must be used from its grain's scheduler only.
/// </summary>
public sealed class JournaledMarket
{
    private readonly string _marketId;
    private readonly string _streamId;
    private readonly IMarketJournal _journal;
    private readonly MarketBookOptions _options;
    private readonly ILogger _logger;
    private readonly Action<MarketFeedBatch> _publish;
    private readonly Action<IReadOnlyList<MarketJournalEvent>> _durable;
    private readonly CoalescingWriter _writer;
    private readonly Queue<MarketFeedItem> _recentFeed = new();
    private List<MarketJournalEvent> _unwritten = [];
    private List<MarketFeedItem> _unwrittenFeed = [];
    private (long Version, MarketSnapshot Snapshot)? _snapshotDue;
    private long _lastSnapshotVersion;
    private long _lastPublished;
    private bool _failed;
    private bool _savingSnapshot;
    private IReadOnlyList<MarketFeedItem> _lastStaged = [];

    public JournaledMarket(
        string marketId, IMarketJournal journal, MarketRules rules, MarketBookOptions options, ILogger logger,
        Action deactivate, Action<MarketFeedBatch> publish, Action<IReadOnlyList<MarketJournalEvent>>? durable = null)
    {
        _durable = durable ?? (_ => { });
        _marketId = marketId;
        _streamId = "market/" + marketId;
        _journal = journal;
        _options = options;
        _logger = logger;
        _publish = publish;
        Engine = new MarketEngine(new MarketLedger(), rules);
        _writer = new CoalescingWriter(WriteAsync, () =>
        {
            _failed = true;
            deactivate();
        });
    }

    public MarketEngine Engine { get; private set; }

    public MarketLedger Ledger => Engine.Ledger;

    /// <summary>The last journal version that is durable (and published).</summary>
    public long DurableVersion { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var contents = await _journal.LoadAsync(_streamId, cancellationToken);
        var ledger = contents.Snapshot is { } snapshot ? MarketLedger.FromSnapshot(snapshot) : new MarketLedger();
        Engine = new MarketEngine(ledger, Engine.Rules);
        foreach (var entry in contents.Events)
        {
            if (entry.Version != ledger.Version + 1)
            {
                throw new InvalidOperationException($"Journal {_streamId} skips from version {ledger.Version} to {entry.Version}.");
            }

            ledger.Apply(entry.Event);
            Remember(MarketFeedBuilder.Describe([entry.Event], entry.Version, ledger));
        }

        DurableVersion = _lastPublished = ledger.Version;
        _lastSnapshotVersion = contents.Snapshot?.Version ?? 0;
        _logger.LogInformation("Market {MarketId} loaded at version {Version} ({Events} events after the snapshot)", _marketId, ledger.Version, contents.Events.Count);
    }

    /// <summary>
    /// The durable events after <paramref name="afterVersion"/>, read back from the journal: what a follower of the
    /// book (the market's event log) may have missed when the process stopped before it caught up.
    /// </summary>
    public async IAsyncEnumerable<MarketJournalEvent> ReadDurableAsync(long afterVersion, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var through = DurableVersion;
        await foreach (var entry in _journal.ReadAsync(_streamId, afterVersion, cancellationToken))
        {
            if (entry.Version > through)
            {
                yield break;
            }

            yield return entry.Event;
        }
    }

    /// <summary>Runs a command now and returns its answer once every event so far (its own included) is durable.</summary>
    public async Task<T> RunAsync<T>(Func<MarketEngine, T> command)
    {
        if (_failed)
        {
            throw Unavailable();
        }

        T result;
        try
        {
            result = command(Engine);
        }
        finally
        {
            Stage();
        }

        await _writer.WriteAsync();
        return result;
    }

    /// <summary>
    /// Runs each command in turn (each sees the ones before it) and returns each one's answer with the feed items it
    /// produced; all of them once durable, in one commit.
    /// </summary>
    public async Task<IReadOnlyList<(T Result, IReadOnlyList<MarketFeedItem> Items)>> RunEachAsync<TCommand, T>(
        IReadOnlyList<TCommand> commands, Func<MarketEngine, TCommand, T> run)
    {
        if (_failed)
        {
            throw Unavailable();
        }

        var results = new List<(T, IReadOnlyList<MarketFeedItem>)>(commands.Count);
        foreach (var command in commands)
        {
            T result;
            try
            {
                result = run(Engine, command);
            }
            finally
            {
                Stage();
            }

            results.Add((result, _lastStaged));
        }

        await _writer.WriteAsync();
        return results;
    }

    /// <summary>Feed items after <paramref name="afterSequence"/> that are still remembered.</summary>
    public MarketFeedReplay FeedAfter(long afterSequence, int maxItems)
    {
        var oldest = _recentFeed.Count == 0 ? DurableVersion + 1 : _recentFeed.Peek().Sequence;
        var truncated = afterSequence + 1 < oldest && afterSequence < DurableVersion;
        var take = Math.Clamp(maxItems, 1, _options.FeedReplayItems);
        var items = new List<MarketFeedItem>(Math.Min(take, _recentFeed.Count));
        foreach (var item in _recentFeed)
        {
            // Whole sequences only: a reader continues after the last sequence it got, so a sequence cut in two
            // would lose its second part.
            if (item.Sequence > afterSequence && (items.Count < take || item.Sequence == items[^1].Sequence))
            {
                items.Add(item);
            }
            else if (items.Count >= take)
            {
                break;
            }
        }

        return new MarketFeedReplay(items, DurableVersion, truncated);
    }

    private void Stage()
    {
        var events = Engine.TakeEvents();
        if (events.Count == 0)
        {
            _lastStaged = [];
            return;
        }

        var first = Ledger.Version - events.Count + 1;
        _unwritten.AddRange(events);
        _lastStaged = MarketFeedBuilder.Describe(events, first, Ledger);
        _unwrittenFeed.AddRange(_lastStaged);
        if (_snapshotDue is null && !_savingSnapshot && Ledger.Version - _lastSnapshotVersion >= Math.Max(_options.SnapshotEveryEvents, (long)_options.SnapshotEventsPerOrder * Ledger.OrderCount))
        {
            // Taken now, while the ledger is exactly at this version; saved once the version is durable.
            _snapshotDue = (Ledger.Version, Ledger.ToSnapshot());
        }
    }

    private async Task WriteAsync()
    {
        if (_failed)
        {
            throw Unavailable();
        }

        if (_unwritten.Count == 0)
        {
            return;
        }

        var batch = _unwritten;
        var feed = _unwrittenFeed;
        _unwritten = [];
        _unwrittenFeed = [];
        var first = DurableVersion + 1;
        if (!await _journal.AppendAsync(_streamId, first, batch))
        {
            _logger.LogError("Market {MarketId}: journal version {Version} was already written by another activation; reloading", _marketId, first);
            throw Unavailable();
        }

        DurableVersion += batch.Count;
        Remember(feed);
        foreach (var part in MarketFeedBatches.Split(_marketId, _lastPublished, DurableVersion, feed))
        {
            _publish(part);
        }

        _lastPublished = DurableVersion;
        try
        {
            _durable(batch);
        }
        catch (Exception ex)
        {
            // What follows the journal (the offer index, the event log) is refreshed on the next activation.
            _logger.LogError(ex, "Market {MarketId}: following journal version {Version} failed", _marketId, DurableVersion);
        }

        SaveSnapshotIfDue();
    }

    /// <summary>
    /// Saves a due snapshot beside the commits, not between them: a snapshot is the whole ledger (up to the closed
    /// orders kept for retries), and serialising and writing it inside the write path held every command waiting for
    /// the next commit. It is taken at its version in memory already, so saving it later changes nothing.
    /// </summary>
    private void SaveSnapshotIfDue()
    {
        if (_snapshotDue is not { } due || due.Version > DurableVersion || _savingSnapshot)
        {
            return;
        }

        _snapshotDue = null;
        _savingSnapshot = true;
        _ = SaveSnapshotAsync(due.Version, due.Snapshot);
    }

    private async Task SaveSnapshotAsync(long version, MarketSnapshot snapshot)
    {
        try
        {
            // Off the grain's scheduler: serialising a large ledger must not hold up its commands.
            await Task.Run(() => _journal.SaveSnapshotAsync(_streamId, snapshot));
            _lastSnapshotVersion = version;
        }
        catch (Exception ex)
        {
            // Harmless: the journal is complete; the next restart just replays more.
            _logger.LogWarning(ex, "Market {MarketId}: could not save the snapshot at version {Version}", _marketId, version);
        }
        finally
        {
            _savingSnapshot = false;
        }
    }

    private void Remember(IEnumerable<MarketFeedItem> items)
    {
        foreach (var item in items)
        {
            _recentFeed.Enqueue(item);
        }

        while (_recentFeed.Count > _options.FeedReplayItems)
        {
            _recentFeed.Dequeue();
        }
    }

    private TradingException Unavailable() =>
        TradingException.Unavailable($"Market {_marketId} could not save recent changes and is restarting; nothing was done. Retry (the same client order id is safe).");
}
