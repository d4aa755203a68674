using Enerlectra.Api.V1;
using Grpc.Core;

namespace Enerlectra.Soak.Load;

/// <summary>
/// A front end's live view of the market: one event stream, resumed after every break (a gateway restart, a silo
/// failure) from the last sequence number it saw. It counts an event seen twice or out of order as it goes; at the
/// end <see cref="CompareWithLogAsync"/> reads the market's log from the start (the public stream leaves out other
/// people's payment details, so sequence numbers have gaps by design) and counts the events the watcher never saw and
/// any it saw that the log does not hold.
/// </summary>
public sealed class StreamWatcher(SoakApi api, string token)
{
    private readonly HashSet<long> _seen = [];
    private long _last;

    public long Events { get; private set; }

    public long Duplicates { get; private set; }

    /// <summary>Events in the market's log that the watcher never saw (after <see cref="CompareWithLogAsync"/>).</summary>
    public long Missed { get; private set; }

    /// <summary>Events the watcher saw that the market's log does not hold (after <see cref="CompareWithLogAsync"/>).</summary>
    public long Phantom { get; private set; }

    /// <summary>The log's events the comparison covered.</summary>
    public long Compared { get; private set; }

    public long OutOfOrder { get; private set; }

    /// <summary>Times the stream was opened again after it broke (attempts while the gateway was down included).</summary>
    public int Reconnects { get; private set; }

    public long LastSequence => _last;

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var call = api.Events.StreamMarketEvents(new StreamMarketEventsRequest { MarketId = "default", AfterSequence = _last },
                    SoakApi.Bearer(token), cancellationToken: stop);
                await foreach (var e in call.ResponseStream.ReadAllAsync(stop))
                {
                    Observe(e.Sequence);
                }
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                // The stream broke (as it does when its gateway restarts): resume from the last sequence seen.
            }
            catch (Exception)
            {
                return;
            }

            Reconnects++;
            await Task.Delay(500, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Reads the market's log from its start (a fresh stream) up to the last event the watcher saw, and compares.</summary>
    public async Task CompareWithLogAsync(CancellationToken cancellationToken)
    {
        var log = new HashSet<long>();
        // after_sequence 0 means "from now on" (no replay), so the log is read from after its first event.
        var windowStart = 1L;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            using var call = api.Events.StreamMarketEvents(new StreamMarketEventsRequest { MarketId = "default", AfterSequence = 1 },
                SoakApi.Bearer(token), cancellationToken: timeout.Token);
            await foreach (var e in call.ResponseStream.ReadAllAsync(timeout.Token))
            {
                if (e.Type == "replay-truncated")
                {
                    // The log keeps a window of recent events; only that part can be compared.
                    windowStart = Math.Max(windowStart, e.Sequence);
                    continue;
                }

                log.Add(e.Sequence);
                if (e.Sequence >= _last)
                {
                    break;
                }
            }
        }
        catch (Exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Nothing more within the time: compare what arrived.
        }

        // The watcher subscribed before the load began, so it should have seen everything from its first event on.
        var from = Math.Max(windowStart, _seen.Count == 0 ? long.MaxValue : _seen.Min() - 1);
        var seen = _seen.Where(s => s > from).ToHashSet();
        log.RemoveWhere(s => s <= from);
        Compared = log.Count;
        Missed = log.Count(s => !seen.Contains(s));
        Phantom = seen.Count(s => !log.Contains(s));
    }

    private void Observe(long sequence)
    {
        Events++;
        if (!_seen.Add(sequence))
        {
            Duplicates++;
            return;
        }

        if (sequence < _last)
        {
            OutOfOrder++;
            return;
        }

        _last = sequence;
    }
}
