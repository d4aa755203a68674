using System.Globalization;
using System.Threading.Channels;
using Enerlectra.Api.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Enerlectra.MarketMaker;

/// <summary>
/// Keeps a ladder of quotes on both sides of one market through an order session: places them, re-quotes a side
/// when it trades (cancel-replace, skewed by the position), logs refusals, reconnects with backoff when the session
/// drops, and on stop mass cancels and waits for the answer.
/// </summary>
/// <remarks>
/// The session runs with cancel-on-disconnect, so quotes never outlive their session: a crash or a network cut
/// leaves nothing resting, and each new session starts from an empty ladder. Everything the bot knows about its
/// orders comes from the session's events; it sends at most one command per slot at a time, so an answer always
/// belongs to the state it was sent from.
/// </remarks>
public sealed class MarketMaker
{
    private const string StartTag = "start";
    private const string ResetTag = "reset";
    private const string StopTag = "stop";

    private readonly OrderService.OrderServiceClient _orders;
    private readonly Func<CancellationToken, Task<string>> _accessToken;
    private readonly MarketMakerOptions _options;
    private readonly Quoter _quoter;
    private readonly ILogger _logger;
    private readonly Dictionary<(QuoteSide Side, int Level), QuoteSlot> _slots = [];
    private readonly Dictionary<string, QuoteSlot> _byClientOrderId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (QuoteSlot Slot, int Generation)> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<QuoteSide, int> _generation = new() { [QuoteSide.Buy] = 0, [QuoteSide.Sell] = 0 };
    private readonly Dictionary<QuoteSide, IReadOnlyList<Quote>> _desired = new() { [QuoteSide.Buy] = [], [QuoteSide.Sell] = [] };
    private readonly HashSet<QuoteSide> _toRequote = [];
    private readonly HashSet<long> _trades = [];
    private long _inventoryWh;
    private long _commands;
    private bool _started;

    /// <param name="orders">The order service client on the gateway's gRPC channel.</param>
    /// <param name="accessToken">Gives a bearer token for each session (so an expired one can be replaced on reconnect).</param>
    /// <param name="options">Market and quoting settings.</param>
    /// <param name="logger">Where quotes, fills, refusals and reconnects are reported.</param>
    /// <param name="runId">Prefix of this run's client order ids (1-40 characters); a fresh one by default.</param>
    public MarketMaker(
        OrderService.OrderServiceClient orders, Func<CancellationToken, Task<string>> accessToken, MarketMakerOptions options,
        ILogger logger, string? runId = null)
    {
        _orders = orders;
        _accessToken = accessToken;
        _options = options;
        _quoter = new Quoter(options);
        _logger = logger;
        RunId = runId ?? "mm" + DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("x", CultureInfo.InvariantCulture);
        if (RunId.Length is 0 or > 40)
        {
            throw new ArgumentException("The run id must be 1-40 characters (client order ids are at most 64).", nameof(runId));
        }
    }

    /// <summary>The prefix of this run's client order ids.</summary>
    public string RunId { get; }

    /// <summary>Net Wh bought minus sold since the bot started: the position the quotes are skewed by.</summary>
    public long InventoryWh => Interlocked.Read(ref _inventoryWh);

    /// <summary>
    /// Quotes until <paramref name="stop"/> is cancelled, then cancels every open order of the bot in the market and
    /// returns. Reconnects with exponential backoff when the session ends for any other reason; throws only when
    /// the server refuses the bot's identity (a bad or expired token is not fixed by retrying).
    /// </summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var delay = _options.ReconnectMinDelay;
        while (!stop.IsCancellationRequested)
        {
            _started = false;
            try
            {
                await RunSessionAsync(stop);
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                _logger.LogWarning("The server ended the session");
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
            {
                _logger.LogError("The server refused the bot's identity: {Status} {Detail}", ex.StatusCode, ex.Status.Detail);
                throw;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException or HttpRequestException)
            {
                _logger.LogWarning("Session lost: {Reason}", ex is RpcException rpc ? $"{rpc.StatusCode} {rpc.Status.Detail}" : ex.Message);
            }

            if (_started)
            {
                // The connection worked until now: a blip, not a server that is down.
                delay = _options.ReconnectMinDelay;
            }

            _logger.LogInformation("Reconnecting in {Delay:0.#} s", delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
        }
    }

    private async Task RunSessionAsync(CancellationToken stop)
    {
        var headers = new Metadata { { "authorization", "Bearer " + await _accessToken(stop) } };

        // The call is not tied to stop: stopping still needs the session to send the mass cancel.
        using var abort = new CancellationTokenSource();
        using var call = _orders.OrderSession(headers, cancellationToken: abort.Token);
        var events = Channel.CreateUnbounded<OrderSessionEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var pump = PumpAsync(call.ResponseStream, events.Writer, abort.Token);
        ResetLadder();
        try
        {
            await SendAsync(call, new OrderSessionCommand
            {
                Tag = StartTag,
                Start = new SessionStart { MarketId = _options.Market, CancelOnDisconnect = true },
            });
            if (_options.CancelAllOnStart)
            {
                await SendAsync(call, new OrderSessionCommand { Tag = ResetTag, MassCancel = new CancelAllOrdersRequest() });
            }

            _toRequote.Add(QuoteSide.Buy);
            _toRequote.Add(QuoteSide.Sell);
            await RequoteAsync(call);
            try
            {
                // Every event that has arrived is applied before re-quoting, so a sweep through several levels
                // re-quotes its side once.
                while (await events.Reader.WaitToReadAsync(stop))
                {
                    while (events.Reader.TryRead(out var e))
                    {
                        Apply(e);
                    }

                    await RequoteAsync(call);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                await StopAsync(call, events.Reader);
            }
        }
        finally
        {
            await abort.CancelAsync();
            try
            {
                await pump;
            }
            catch (Exception)
            {
                // The call is over; the reason, if any, already reached the reader of the events.
            }
        }
    }

    private static async Task PumpAsync(IAsyncStreamReader<OrderSessionEvent> responses, ChannelWriter<OrderSessionEvent> writer, CancellationToken abort)
    {
        try
        {
            await foreach (var e in responses.ReadAllAsync(abort))
            {
                await writer.WriteAsync(e, abort);
            }

            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
        }
    }

    /// <summary>Mass cancel, and wait (bounded) for the answer; cancel-on-disconnect covers a server that gives none.</summary>
    private async Task StopAsync(AsyncDuplexStreamingCall<OrderSessionCommand, OrderSessionEvent> call, ChannelReader<OrderSessionEvent> events)
    {
        _logger.LogInformation("Stopping: cancelling every open order in market {Market}", _options.Market);
        using var timeout = new CancellationTokenSource(_options.StopTimeout);
        try
        {
            await SendAsync(call, new OrderSessionCommand { Tag = StopTag, MassCancel = new CancelAllOrdersRequest() });
            while (await events.WaitToReadAsync(timeout.Token))
            {
                while (events.TryRead(out var e))
                {
                    Apply(e);
                    if (e.Tag == StopTag && e.Type is "mass_cancelled" or "rejected")
                    {
                        await call.RequestStream.CompleteAsync();
                        return;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException or InvalidOperationException or IOException)
        {
            _logger.LogWarning("No answer to the mass cancel ({Reason}); the session's cancel-on-disconnect cancels its quotes", ex.Message);
        }
    }

    private void ResetLadder()
    {
        _byClientOrderId.Clear();
        _inFlight.Clear();
        _toRequote.Clear();
        foreach (var side in new[] { QuoteSide.Buy, QuoteSide.Sell })
        {
            for (var level = 0; level < _options.Levels; level++)
            {
                // Attempts carry over: the previous session's client order ids stay taken on the server (reusing one
                // with other terms is refused, with the same terms it answers with the old, cancelled order).
                var attempts = _slots.GetValueOrDefault((side, level))?.Attempts ?? 0;
                _slots[(side, level)] = new QuoteSlot(side, level) { Attempts = attempts };
            }
        }
    }

    /// <summary>Learns from one event: the answer to a command, a change to an order, a fill.</summary>
    private void Apply(OrderSessionEvent e)
    {
        QuoteSlot? answered = null;
        var refusedGeneration = 0;
        if (e.Tag.Length > 0 && _inFlight.Remove(e.Tag, out var sent))
        {
            answered = sent.Slot;
            refusedGeneration = sent.Generation;
            answered.PendingTag = null;
        }

        switch (e.Type)
        {
            case "started":
                _started = true;
                _logger.LogInformation("Session started in market {Market} (cancel-on-disconnect)", _options.Market);
                return;
            case "mass_cancelled":
                _logger.LogInformation("Mass cancel ({Tag}): {Count} open orders cancelled", e.Tag, e.Cancelled);
                return;
            case "rejected":
                _logger.LogWarning("Refused {Tag}: {Code} {Field}: {Message}", e.Tag, e.Code, e.Field, e.Message);
                if (answered is not null)
                {
                    answered.RefusedGeneration = refusedGeneration;
                }

                return;
        }

        var slot = e.Order is null ? null : _byClientOrderId.GetValueOrDefault(e.Order.ClientOrderId);
        if (slot is null)
        {
            // An order of the user's that this session did not place (a previous run's, being mass cancelled).
            _logger.LogDebug("{Type} order {OrderId} ({ClientOrderId})", e.Type, e.Order?.OrderId, e.Order?.ClientOrderId);
            return;
        }

        // Only the slot's latest order counts; late news of one it replaced changes nothing.
        if (e.Order!.ClientOrderId == slot.ClientOrderId)
        {
            slot.Order = e.Order;
        }

        if (e.Fill is { TradeId: not 0 } fill && _trades.Add(fill.TradeId))
        {
            var signed = fill.Side == "buy" ? fill.QuantityWh : -fill.QuantityWh;
            var position = Interlocked.Add(ref _inventoryWh, signed);
            _logger.LogInformation(
                "Filled {Side} {Quantity} Wh @ {Price} ({Liquidity}, {Amount} ngwee, fee {Fee}) [{ClientOrderId} {Status}]; position {Position} Wh",
                fill.Side, fill.QuantityWh, fill.PriceNgweePerKwh, fill.Liquidity, fill.AmountNgwee, fill.FeeNgwee,
                e.Order.ClientOrderId, e.Order.Status, position);
            _toRequote.Add(slot.Side);
            if (_options.RequotePolicy == RequotePolicy.BothSides)
            {
                _toRequote.Add(Opposite(slot.Side));
            }

            return;
        }

        switch (e.Type)
        {
            case "accepted":
                _logger.LogInformation("Quoted {Side} {Quantity} Wh @ {Price} [{ClientOrderId} #{OrderId}]",
                    e.Order.Side, e.Order.RemainingWh, e.Order.PriceNgweePerKwh, e.Order.ClientOrderId, e.Order.OrderId);
                break;
            case "replaced":
                _logger.LogInformation("Re-quoted {Side} {Quantity} Wh @ {Price} [{ClientOrderId} #{OrderId}]",
                    e.Order.Side, e.Order.RemainingWh, e.Order.PriceNgweePerKwh, e.Order.ClientOrderId, e.Order.OrderId);
                break;
            case "cancelled" or "expired":
                _logger.LogInformation("{Type} {Side} @ {Price} [{ClientOrderId}] ({Reason})",
                    e.Type, e.Order.Side, e.Order.PriceNgweePerKwh, e.Order.ClientOrderId, e.Order.CancelReason);
                break;
        }
    }

    /// <summary>Moves the sides that traded to fresh quotes, then sends whatever makes the book match them.</summary>
    private async Task RequoteAsync(AsyncDuplexStreamingCall<OrderSessionCommand, OrderSessionEvent> call)
    {
        foreach (var side in _toRequote)
        {
            _generation[side]++;
            _desired[side] = _quoter.Quotes(side, InventoryWh);
        }

        _toRequote.Clear();
        foreach (var slot in _slots.Values.OrderBy(s => s.Side).ThenBy(s => s.Level))
        {
            if (Next(slot) is { } command)
            {
                await SendAsync(call, command);
            }
        }
    }

    /// <summary>The command that brings a slot to its desired quote, if one is needed and none is in flight.</summary>
    private OrderSessionCommand? Next(QuoteSlot slot)
    {
        var generation = _generation[slot.Side];
        if (slot.PendingTag is not null || slot.RefusedGeneration == generation)
        {
            return null;
        }

        var desired = _desired[slot.Side].FirstOrDefault(q => q.Level == slot.Level);
        OrderSessionCommand command;
        if (slot.IsResting)
        {
            var order = slot.Order!;
            if (desired is null)
            {
                command = new OrderSessionCommand { Cancel = new CancelOrderRequest { OrderId = order.OrderId } };
            }
            else if (order.PriceNgweePerKwh == desired.PriceNgweePerKwh && order.RemainingWh == desired.QuantityWh)
            {
                return null;
            }
            else
            {
                // Cancel-replace in one command: the order leaves its queue place and is matched again as new.
                command = new OrderSessionCommand
                {
                    Replace = new AmendOrderRequest { OrderId = order.OrderId, PriceNgweePerKwh = desired.PriceNgweePerKwh, QuantityWh = desired.QuantityWh },
                };
            }

            command.Tag = $"{order.ClientOrderId}~{++_commands}";
        }
        else if (desired is not null)
        {
            var clientOrderId = Quoter.ClientOrderId(RunId, slot.Side, slot.Level, ++slot.Attempts);
            _byClientOrderId[clientOrderId] = slot;
            slot.ClientOrderId = clientOrderId;
            slot.Order = null;
            command = new OrderSessionCommand
            {
                Tag = clientOrderId,
                Place = new PlaceOrderRequest
                {
                    ClientOrderId = clientOrderId,
                    Side = desired.ApiSide,
                    QuantityWh = desired.QuantityWh,
                    PriceNgweePerKwh = desired.PriceNgweePerKwh,
                    PostOnly = true,
                },
            };
        }
        else
        {
            return null;
        }

        slot.PendingTag = command.Tag;
        _inFlight[command.Tag] = (slot, generation);
        return command;
    }

    private static Task SendAsync(AsyncDuplexStreamingCall<OrderSessionCommand, OrderSessionEvent> call, OrderSessionCommand command) =>
        call.RequestStream.WriteAsync(command);

    private static QuoteSide Opposite(QuoteSide side) => side == QuoteSide.Buy ? QuoteSide.Sell : QuoteSide.Buy;
}
