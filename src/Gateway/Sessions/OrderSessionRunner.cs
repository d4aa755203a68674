using System.Threading.Channels;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Api.V1;
using Enerlectra.Exchange.Grains;
using Enerlectra.Exchange.Model;
using Enerlectra.Gateway.Mapping;
using Enerlectra.Gateway.Streaming;
using Grpc.Core;
using ApiOrderCommand = Enerlectra.Api.V1.OrderSessionCommand;
using OrderCommand = Enerlectra.Exchange.Grains.OrderCommand;

namespace Enerlectra.Gateway.Sessions;

/// <summary>
/// One bot's streaming session. Four loops: the reader parses commands into a bounded queue (when it is full the
/// reader stops reading, and HTTP/2 flow control holds the client back); the executor sends whatever commands are
/// waiting to the market in one call (they share one commit); the feed pump passes on later changes to the user's
/// orders (fills of resting orders by other users, expiry); the writer sends everything out in order. A client that
/// stops reading fills the outgoing queue, which stops the executor, and its feed buffer overflows, which ends the
/// session: nothing is buffered without bound. Each change is reported once, whichever path brings it first.
/// </summary>
public sealed class OrderSessionRunner(
    IGrainFactory grains, FeedHub hub, Func<string, string> marketOf, string userId,
    IAsyncStreamReader<ApiOrderCommand> requests, IServerStreamWriter<OrderSessionEvent> responses,
    ILogger logger, CancellationToken cancellationToken)
{
    /// <summary>Commands read ahead of the market; beyond it the client is not read from.</summary>
    public const int InputBuffer = 1_024;

    /// <summary>Commands sent to the market in one call at most.</summary>
    public const int MaxBatch = 512;

    /// <summary>Events waiting for the client; beyond it the session stops executing commands.</summary>
    public const int OutputBuffer = 4_096;

    private readonly Channel<(string Tag, string? ClientOrderId, OrderCommand? Command, Rejection? Invalid)> _input =
        Channel.CreateBounded<(string, string?, OrderCommand?, Rejection?)>(new BoundedChannelOptions(InputBuffer) { SingleReader = true, SingleWriter = true });
    private readonly Channel<OrderSessionEvent> _output =
        Channel.CreateBounded<OrderSessionEvent>(new BoundedChannelOptions(OutputBuffer) { SingleReader = true });
    private readonly HashSet<(long Sequence, long OrderId, string Type)> _reported = [];
    private readonly Queue<(long, long, string)> _reportedOrder = new();
    private readonly HashSet<long> _placed = [];
    private readonly Lock _lock = new();
    private string _marketId = Abstractions.Identity.Ids.DefaultMarket;
    private bool _cancelOnDisconnect;

    public async Task RunAsync()
    {
        var first = await ReadStartAsync();
        using var feed = await hub.SubscribeAsync(_marketId, item => item.Order?.UserId == userId, cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadAsync(first, stop.Token);
        var executing = ExecuteAsync(stop.Token);
        var pumping = PumpFeedAsync(feed, stop.Token);
        var writing = WriteAsync(stop.Token);
        try
        {
            // Normally the client ends its stream, the reader closes the queue, every command is answered (the
            // executor ends), and what is queued is sent. A failing executor (the market cannot be reached), a slow
            // client (its feed buffer overflowed) or a gone client ends the session at once.
            var finished = await Task.WhenAny(executing, pumping, writing);
            await finished;
            _output.Writer.TryComplete();
            await writing;
            if (reading.IsFaulted)
            {
                // The client's stream broke (e.g. a malformed message): the session ends with that status, not OK.
                await reading;
            }
        }
        catch (SlowSubscriberException)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                "Your session fell too far behind reading its events and was closed; reconnect and list your open orders."));
        }
        finally
        {
            _output.Writer.TryComplete();
            stop.Cancel();
            await CancelOnDisconnectAsync();
            await Quietly(reading);
            await Quietly(executing);
            await Quietly(pumping);
            await Quietly(writing);
        }
    }

    /// <summary>The optional first command, <c>start</c>: which market, and whether to cancel on disconnect.</summary>
    private async Task<ApiOrderCommand?> ReadStartAsync()
    {
        if (!await requests.MoveNext(cancellationToken))
        {
            return null;
        }

        var first = requests.Current;
        if (first.CommandCase != ApiOrderCommand.CommandOneofCase.Start)
        {
            return first;
        }

        _marketId = marketOf(first.Start.MarketId);
        _cancelOnDisconnect = first.Start.CancelOnDisconnect;
        await _output.Writer.WriteAsync(new OrderSessionEvent { Type = "started", Tag = first.Tag }, cancellationToken);
        return null;
    }

    private async Task ReadAsync(ApiOrderCommand? first, CancellationToken stop)
    {
        try
        {
            if (first is not null)
            {
                await _input.Writer.WriteAsync(Parse(first), stop);
            }

            while (await requests.MoveNext(stop))
            {
                await _input.Writer.WriteAsync(Parse(requests.Current), stop);
            }
        }
        finally
        {
            _input.Writer.TryComplete();
        }
    }

    private (string Tag, string? ClientOrderId, OrderCommand? Command, Rejection? Invalid) Parse(ApiOrderCommand command)
    {
        // A place is answered under its client order id unless the client chose a tag.
        var clientOrderId = command.CommandCase == ApiOrderCommand.CommandOneofCase.Place ? command.Place.ClientOrderId : null;
        var tag = string.IsNullOrEmpty(command.Tag) && clientOrderId is not null ? clientOrderId : command.Tag;
        try
        {
            switch (command.CommandCase)
            {
                case ApiOrderCommand.CommandOneofCase.Place:
                    CheckMarket(command.Place.MarketId);
                    return (tag, clientOrderId, new OrderCommand(OrderCommandKind.Place, tag, OrderParsing.Spec(userId, command.Place)), null);
                case ApiOrderCommand.CommandOneofCase.Cancel:
                    CheckMarket(command.Cancel.MarketId);
                    return (tag, null, new OrderCommand(OrderCommandKind.Cancel, tag, OrderId: command.Cancel.OrderId), null);
                case ApiOrderCommand.CommandOneofCase.Replace:
                    CheckMarket(command.Replace.MarketId);
                    return (tag, null, new OrderCommand(OrderCommandKind.Amend, tag, OrderId: command.Replace.OrderId,
                        PriceNgweePerKwh: command.Replace.HasPriceNgweePerKwh ? command.Replace.PriceNgweePerKwh : null,
                        QuantityWh: command.Replace.HasQuantityWh ? command.Replace.QuantityWh : null), null);
                case ApiOrderCommand.CommandOneofCase.MassCancel:
                    CheckMarket(command.MassCancel.MarketId);
                    return (tag, null, new OrderCommand(OrderCommandKind.CancelAll, tag), null);
                case ApiOrderCommand.CommandOneofCase.Start:
                    throw TradingException.Invalid("start", "start may only be the session's first command.");
                default:
                    throw TradingException.Invalid("command", "Each command needs one of start, place, cancel, replace or massCancel.");
            }
        }
        catch (TradingException ex)
        {
            return (tag, clientOrderId, null, new Rejection(ex.Kind, ex.Field, ex.Message));
        }
    }

    private void CheckMarket(string? marketId)
    {
        if (!string.IsNullOrEmpty(marketId) && marketOf(marketId) != _marketId)
        {
            throw TradingException.Invalid("marketId", $"This session trades in market '{_marketId}'; open another session for '{marketId}'.");
        }
    }

    private async Task ExecuteAsync(CancellationToken stop)
    {
        var market = grains.GetGrain<IOrderBookGrain>(_marketId);
        var batch = new List<(string Tag, string? ClientOrderId, OrderCommand? Command, Rejection? Invalid)>(MaxBatch);
        while (await _input.Reader.WaitToReadAsync(stop))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _input.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            var commands = batch.Where(b => b.Command is not null).Select(b => b.Command!).ToList();
            IReadOnlyList<OrderCommandResult> results;
            try
            {
                results = commands.Count == 0 ? [] : await market.ExecuteAsync(userId, commands);
            }
            catch (TradingException ex)
            {
                // The market could not take the batch (not saved, or the market does not exist): nothing was done.
                var rejection = new Rejection(ex.Kind, ex.Field, ex.Message);
                results = commands.Select(c => new OrderCommandResult(c.Tag, [], [], false, rejection)).ToList();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The market's silo went away mid-call: whether the batch was saved is unknown, so the session ends and
                // the bot resends what was not acknowledged under the same client order ids (a retry is never a duplicate).
                logger.LogWarning(ex, "Session of {UserId}: market {MarketId} could not be reached", userId, _marketId);
                throw new RpcException(new Status(StatusCode.Unavailable,
                    "The market is moving to another server. Reconnect and resend the orders you saw no answer for, with the same client order ids."));
            }

            var answered = 0;
            foreach (var (tag, clientOrderId, command, invalid) in batch)
            {
                if (command is null)
                {
                    await _output.Writer.WriteAsync(SessionEvents.Rejected(tag, clientOrderId, invalid!), stop);
                    continue;
                }


                await AnswerAsync(tag, command, results[answered++], stop);
            }
        }
    }

    private async Task AnswerAsync(string tag, OrderCommand command, OrderCommandResult result, CancellationToken stop)
    {
        if (result.Rejection is { } rejection)
        {
            await _output.Writer.WriteAsync(SessionEvents.Rejected(tag, command.Place?.ClientOrderId, rejection), stop);
            return;
        }

        if (command.Kind == OrderCommandKind.Place && result.Orders.Count > 0)
        {
            lock (_lock)
            {
                _placed.Add(result.Orders[0].OrderId);
            }
        }

        var updates = result.Updates ?? [];
        foreach (var item in updates)
        {
            if (FirstReport(item))
            {
                await _output.Writer.WriteAsync(SessionEvents.FromUpdate(item, _marketId, tag), stop);
            }
        }

        if (command.Kind == OrderCommandKind.CancelAll)
        {
            await _output.Writer.WriteAsync(new OrderSessionEvent { Type = "mass_cancelled", Tag = tag, Cancelled = result.Orders.Count }, stop);
        }
        else if (updates.Count == 0 && result.Orders.Count > 0)
        {
            await _output.Writer.WriteAsync(SessionEvents.Unchanged(tag, result.Orders[0], _marketId, command.Kind == OrderCommandKind.Place), stop);
        }
    }

    private async Task PumpFeedAsync(FeedSubscription feed, CancellationToken stop)
    {
        await foreach (var item in feed.Items.ReadAllAsync(stop))
        {
            if (FirstReport(item))
            {
                await _output.Writer.WriteAsync(SessionEvents.FromUpdate(item, _marketId, ""), stop);
            }
        }
    }

    private async Task WriteAsync(CancellationToken stop)
    {
        await foreach (var e in _output.Reader.ReadAllAsync(stop))
        {
            await responses.WriteAsync(e, stop);
        }
    }

    /// <summary>Whether this change has not been reported yet (the command's answer and the feed both carry it).</summary>
    private bool FirstReport(MarketFeedItem item)
    {
        var key = (item.Sequence, item.Order!.Order.OrderId, item.Order.Event);
        lock (_lock)
        {
            if (!_reported.Add(key))
            {
                return false;
            }

            _reportedOrder.Enqueue(key);
            if (_reportedOrder.Count > 4 * OutputBuffer)
            {
                _reported.Remove(_reportedOrder.Dequeue());
            }

            return true;
        }
    }

    private async Task CancelOnDisconnectAsync()
    {
        if (!_cancelOnDisconnect)
        {
            return;
        }

        List<long> placed;
        lock (_lock)
        {
            placed = [.. _placed];
        }

        if (placed.Count == 0)
        {
            return;
        }

        try
        {
            // Not the session's token: it is cancelled by now, and this must happen however the session ended.
            var cancelled = await grains.GetGrain<IOrderBookGrain>(_marketId).CancelOrdersAsync(userId, placed, CancelReason.Disconnected);
            logger.LogInformation("Session of {UserId} ended: cancelled {Count} of its orders in market {MarketId}", userId, cancelled.Count, _marketId);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Session of {UserId} ended but its orders in market {MarketId} could not be cancelled", userId, _marketId);
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // The session is over; its first failure is what the client is told.
        }
    }
}
