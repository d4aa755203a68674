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
    private readonly HashSet<string> _tradeEventKeys = new(StringComparer.Ordinal);
    private OfferIndex _index = null!;
    private IAsyncStream<MarketEvent> _stream = null!;
    private long _persistedSequence;
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
        TimeProvider clock,
        ILogger<MarketGrain> logger)
    {
        _state = state;
        _options = options.Value;
        _journal = journal;
        _rules = rules.Value;
        _bookOptions = bookOptions.Value;
        _markets = markets.Value;
        _clock = clock;
        _logger = logger;
        _writer = new CoalescingWriter(WriteAsync, DeactivateOnIdle);
    }

    private MarketState S => _state.State;

    private string MarketId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _index = new OfferIndex(S.OpenOffers);
        foreach (var e in S.RecentEvents.Where(e => e.TradeId is not null))
        {
            _tradeEventKeys.Add(TradeEventKey(e.TradeId!.Value, e.Status));
        }

        _persistedSequence = _publishedSequence = S.LastSequence;
        _stream = this.GetStreamProvider(MarketStreams.ProviderName).GetStream<MarketEvent>(MarketStreams.For(MarketId));
        this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(_options.MarketSweepInterval, _options.MarketSweepInterval) { Interleave = true });

        if (_markets.IsConfigured(MarketId))
        {
            await ActivateBookAsync(cancellationToken);

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
        var events = S.RecentEvents;
        var oldest = events.Count == 0 ? S.LastSequence + 1 : events[0].Sequence;
        // Compared without adding to the client's number, which may be as large as a long goes.
        var truncated = afterSequence < oldest - 1 || afterSequence > S.LastSequence;
        var page = events.Where(e => e.Sequence > afterSequence && e.Sequence <= _persistedSequence).Take(max).ToList();
        return Task.FromResult(new EventReplay(page, _persistedSequence, truncated));
    }

    private void Append(MarketEventKind kind, Guid? offerId, Guid? tradeId, string? sellerId, string? buyerId,
        long energyWh, long price, long amount, long remainingWh, string status)
    {
        var e = new MarketEvent(++S.LastSequence, MarketId, kind, _clock.GetUtcNow(), offerId, tradeId, sellerId, buyerId,
            energyWh, price, amount, remainingWh, status);
        S.RecentEvents.Add(e);
        var excess = S.RecentEvents.Count - _options.MarketReplayWindow;
        if (excess > 0)
        {
            foreach (var old in S.RecentEvents.Take(excess).Where(o => o.TradeId is not null))
            {
                _tradeEventKeys.Remove(TradeEventKey(old.TradeId!.Value, old.Status));
            }

            S.RecentEvents.RemoveRange(0, excess);
        }
    }

    private async Task CommitAsync()
    {
        await _writer.WriteAsync();
        _ = PublishAsync();
    }

    private async Task WriteAsync()
    {
        var sequence = S.LastSequence;
        await _state.WriteStateAsync();
        _persistedSequence = Math.Max(_persistedSequence, sequence);
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
                var batch = S.RecentEvents.Where(e => e.Sequence > from && e.Sequence <= _persistedSequence).ToList();
                foreach (var e in batch)
                {
                    try
                    {
                        await _stream.OnNextAsync(e);
                    }
                    catch (Exception ex)
                    {
                        // Subscribers that miss it get it from the replay log when they reconnect.
                        _logger.LogWarning(ex, "Could not publish event {Sequence} of market {MarketId}", e.Sequence, MarketId);
                    }

                    _publishedSequence = e.Sequence;
                }

                if (batch.Count == 0)
                {
                    _publishedSequence = _persistedSequence;
                }
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

    private static string TradeEventKey(Guid tradeId, string status) => $"{tradeId:N}:{status}";
}
