using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Exchange.Grains;
using Enerlectra.Exchange.Journal;
using Enerlectra.Exchange.Model;
using Enerlectra.Grains.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Streams;

namespace Enerlectra.Grains.Market;

/// <summary>
/// The market is on every offer's and trade's path, so it is reentrant: each call changes the in-memory index and
/// log in one synchronous step, then joins a group commit. Events are published to the stream only after the
/// write that holds them succeeded, in sequence order, by a single publishing loop.
/// <para>
/// The event log is appended (<see cref="IMarketEventLog"/>: each write adds only its new events), and the offer
/// index holds the book's offers from the journal; the grain's own state keeps only what neither holds: the offers
/// that keep their own grain state (made on-chain, or before offers moved onto the book).
/// </para>
/// </summary>
[Reentrant]
public sealed partial class MarketGrain : Grain, IMarketGrain, IOrderBookGrain, IRemindable
{
    private const string KeepAliveReminder = "keep-alive";

    private readonly IPersistentState<MarketState> _state;
    private readonly TradingOptions _options;
    private readonly MarketOptions _markets;
    private readonly TimeProvider _clock;
    private readonly ILogger<MarketGrain> _logger;
    private readonly CoalescingWriter _writer;
    private readonly IMarketEventLog _eventLog;
    private readonly HashSet<string> _tradeEventKeys = new(StringComparer.Ordinal);

    /// <summary>The most recent events, oldest first (at most the replay window), for clients that reconnect.</summary>
    private readonly List<MarketEvent> _recent = [];

    /// <summary>Events not yet appended to the log, oldest first.</summary>
    private List<MarketEvent> _unwritten = [];
    private OfferIndex _index = null!;
    private IAsyncStream<MarketEvent> _stream = null!;
    private long _lastSequence;
    private long _persistedSequence;

    /// <summary>The journal version the log's offer events follow (in memory), and as last written with the log.</summary>
    private long _offersLoggedThrough;
    private long _offersWrittenThrough;
    private long _trimmedThrough;

    /// <summary>The grain state (offers keeping their own state) changed and goes with the next write.</summary>
    private bool _stateDirty;
    private long _publishedSequence;
    private bool _publishing;
    private int _sweeps;

    public MarketGrain(
        [PersistentState("market", StorageNames.Trading)] IPersistentState<MarketState> state,
        IOptions<TradingOptions> options,
        IMarketJournal journal,
        IOptions<MarketRules> rules,
        IOptions<MarketBookOptions> bookOptions,
        IOptions<MarketOptions> markets,
        IMarketEventLog eventLog,
        TimeProvider clock,
        ILogger<MarketGrain> logger)
    {
        _state = state;
        _options = options.Value;
        _journal = journal;
        _rules = rules.Value;
        _bookOptions = bookOptions.Value;
        _markets = markets.Value;
        _eventLog = eventLog;
        _clock = clock;
        _logger = logger;
        _writer = new CoalescingWriter(WriteAsync, DeactivateOnIdle);
    }

    private MarketState S => _state.State;

    private string MarketId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A copy: the index also lists the book's offers, which are not kept in the grain state.
        _index = new OfferIndex(new Dictionary<Guid, OfferSnapshot>(S.OpenOffers));
        var log = await _eventLog.ReadTailAsync(MarketId, _options.MarketReplayWindow, cancellationToken);
        if (log.Exists)
        {
            _recent.AddRange(log.Events);
            _lastSequence = _persistedSequence = log.Sequence;
            _offersLoggedThrough = _offersWrittenThrough = log.BookVersion;
        }
        else
        {
            // First activation since the log was kept apart from the grain state: the events so far move to the log
            // with the first write below.
            _recent.AddRange(S.RecentEvents);
            _unwritten.AddRange(S.RecentEvents);
            _lastSequence = S.LastSequence;
            _persistedSequence = S.RecentEvents.Count == 0 ? S.LastSequence : S.RecentEvents[0].Sequence - 1;
        }

        foreach (var e in _recent.Where(e => e.TradeId is not null))
        {
            _tradeEventKeys.Add(TradeEventKey(e.TradeId!.Value, e.Status));
        }

        _publishedSequence = _lastSequence;
        _stream = this.GetStreamProvider(MarketStreams.ProviderName).GetStream<MarketEvent>(MarketStreams.For(MarketId));
        this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(_options.MarketSweepInterval, _options.MarketSweepInterval) { Interleave = true });

        var configured = _markets.IsConfigured(MarketId);
        if (configured)
        {
            await ActivateBookAsync(log, cancellationToken);
        }

        if (!log.Exists && (configured || _state.RecordExists))
        {
            // The state keeps only offers with their own state from now on; the log gets its head.
            S.RecentEvents = [];
            if (_journaled is not null)
            {
                S.OpenOffers = S.OpenOffers.Where(o => _journaled.Ledger.Offer(o.Key) is null).ToDictionary();
            }

            _stateDirty = true;
            await _writer.WriteAsync();
        }

        if (configured)
        {
            // The reminder brings the market (and its sweeper) back after a restart or a silo failure.
            await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            return;
        }

        // Not (or no longer) configured: only its existing offers still report here. Nothing keeps it alive, and a
        // reminder left from when it was configured (or from before markets were configured) is dropped.
        _logger.LogWarning("Market {MarketId} is not configured; it keeps its existing offers' records but is not kept alive", MarketId);
        if (await this.GetReminder(KeepAliveReminder) is { } stale)
        {
            await this.UnregisterReminder(stale);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    public Task<OfferPage> ListOffersAsync(int pageSize, string? pageToken)
    {
        _markets.RequireConfigured(MarketId);
        return Task.FromResult(_index.Page(pageSize, pageToken));
    }

    public async Task OfferChangedAsync(OfferSnapshot offer, bool created)
    {
        if (!_index.Apply(offer))
        {
            return;
        }

        if (offer.Status.IsTradable() && offer.RemainingWh > 0)
        {
            S.OpenOffers[offer.OfferId] = offer;
        }
        else
        {
            S.OpenOffers.Remove(offer.OfferId);
        }

        _stateDirty = true;

        Append(created ? MarketEventKind.OfferCreated : MarketEventKind.OfferUpdated, offer.OfferId, null, offer.SellerId, null,
            offer.EnergyWh, offer.PricePerKwhNgwee, 0, offer.RemainingWh, StatusNames.Of(offer.Status));
        await CommitAsync();
    }

    public async Task TradeChangedAsync(TradeSnapshot trade)
    {
        var status = StatusNames.Of(trade);
        if (!_tradeEventKeys.Add(TradeEventKey(trade.TradeId, status)))
        {
            return;
        }

        var kind = trade.Status == TradeStatus.Completed ? MarketEventKind.TradeCompleted : MarketEventKind.PaymentStatus;
        Append(kind, trade.OfferId, trade.TradeId, trade.SellerId, trade.BuyerId, trade.EnergyWh, trade.PricePerKwhNgwee,
            trade.AmountNgwee, 0, status);
        await CommitAsync();
    }

    public Task<EventReplay> GetEventsAfterAsync(long afterSequence, int maxEvents)
    {
        _markets.RequireConfigured(MarketId);
        var max = Math.Clamp(maxEvents, 1, _options.MarketReplayWindow);
        var events = _recent;
        var oldest = events.Count == 0 ? _lastSequence + 1 : events[0].Sequence;
        // Compared without adding to the client's number, which may be as large as a long goes.
        var truncated = afterSequence < oldest - 1 || afterSequence > _lastSequence;
        var page = events.Where(e => e.Sequence > afterSequence && e.Sequence <= _persistedSequence).Take(max).ToList();
        return Task.FromResult(new EventReplay(page, _persistedSequence, truncated));
    }

    private void Append(MarketEventKind kind, Guid? offerId, Guid? tradeId, string? sellerId, string? buyerId,
        long energyWh, long price, long amount, long remainingWh, string status)
    {
        var e = new MarketEvent(++_lastSequence, MarketId, kind, _clock.GetUtcNow(), offerId, tradeId, sellerId, buyerId,
            energyWh, price, amount, remainingWh, status);
        _recent.Add(e);
        _unwritten.Add(e);
        var excess = _recent.Count - _options.MarketReplayWindow;
        if (excess > 0)
        {
            foreach (var old in _recent.Take(excess).Where(o => o.TradeId is not null))
            {
                _tradeEventKeys.Remove(TradeEventKey(old.TradeId!.Value, old.Status));
            }

            _recent.RemoveRange(0, excess);
        }
    }

    private async Task CommitAsync()
    {
        await _writer.WriteAsync();
        _ = PublishAsync();
    }

    /// <summary>
    /// Appends the events added since the last write (with how far the log follows the book), then the grain state
    /// if an offer with its own state changed. A log another activation moved on fails the write, and the grain
    /// starts afresh from storage (the writer's failure action).
    /// </summary>
    private async Task WriteAsync()
    {
        var events = _unwritten;
        var bookVersion = _offersLoggedThrough;
        _unwritten = [];
        try
        {
            if (!await _eventLog.AppendAsync(MarketId, _persistedSequence, events, bookVersion))
            {
                _logger.LogError("Market {MarketId}: its event log was written past {Sequence} by another activation; reloading", MarketId, _persistedSequence);
                throw TradingException.Unavailable("The market is restarting; try again in a moment.");
            }
        }
        catch
        {
            _unwritten.InsertRange(0, events);
            throw;
        }

        _persistedSequence += events.Count;
        _offersWrittenThrough = bookVersion;
        if (_stateDirty)
        {
            _stateDirty = false;
            S.LastSequence = _persistedSequence;
            try
            {
                await _state.WriteStateAsync();
            }
            catch
            {
                _stateDirty = true;
                throw;
            }
        }
    }

    private async Task PublishAsync()
    {
        if (_publishing)
        {
            return;
        }

        _publishing = true;
        try
        {
            while (_publishedSequence < _persistedSequence)
            {
                var from = _publishedSequence;
                var through = _persistedSequence;
                var batch = new List<MarketEvent>();
                for (var i = _recent.Count - 1; i >= 0 && _recent[i].Sequence > from; i--)
                {
                    if (_recent[i].Sequence <= through)
                    {
                        batch.Add(_recent[i]);
                    }
                }

                batch.Reverse();
                if (batch.Count > 0)
                {
                    try
                    {
                        // One message for everything one write made durable: the queue and each subscriber see one
                        // delivery per write, not one per event (a busy market writes hundreds per second).
                        await _stream.OnNextBatchAsync(batch);
                    }
                    catch (Exception ex)
                    {
                        // Subscribers that miss them get them from the replay log when they reconnect.
                        _logger.LogWarning(ex, "Could not publish events {First} to {Last} of market {MarketId}", batch[0].Sequence, batch[^1].Sequence, MarketId);
                    }
                }

                _publishedSequence = through;
            }
        }
        finally
        {
            _publishing = false;
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var checkReservations = ++_sweeps % 12 == 0;
        await KeepLogCurrentAsync();
        if (checkReservations && _journaled is not null)
        {
            await ReleaseAbandonedHoldsAsync(now - _options.AbandonedReservationAfter);
        }

        // Offers keeping their own state (made on-chain, or before offers moved onto the book) are maintained by their
        // grains; those on the book are expired by the book itself.
        var due = _index.All
            .Where(o => o.ExpiresAt <= now || (checkReservations && o.PendingWh > 0))
            .Where(o => _journaled?.Ledger.Offer(o.OfferId) is null)
            .Select(o => o.OfferId)
            .ToList();
        foreach (var offerId in due)
        {
            try
            {
                await GrainFactory.GetGrain<IOfferGrain>(offerId).MaintainAsync();
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Sweep of offer {OfferId} in market {MarketId} failed; retrying next sweep", offerId, MarketId);
            }
        }
    }

    /// <summary>
    /// Between offer events, the log's head still records how far it follows the book (so a restart reads back only
    /// the journal after it), and events older than twice the replay window are forgotten.
    /// </summary>
    private async Task KeepLogCurrentAsync()
    {
        try
        {
            if (_offersLoggedThrough > _offersWrittenThrough && _unwritten.Count == 0)
            {
                await CommitAsync();
            }

            var window = _options.MarketReplayWindow;
            if (_persistedSequence - _trimmedThrough > 2L * window)
            {
                var through = _persistedSequence - window;
                await _eventLog.TrimAsync(MarketId, through);
                _trimmedThrough = through;
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Market {MarketId}: could not bring its event log up to date; trying again next sweep", MarketId);
        }
    }

    private static string TradeEventKey(Guid tradeId, string status) => $"{tradeId:N}:{status}";
}
