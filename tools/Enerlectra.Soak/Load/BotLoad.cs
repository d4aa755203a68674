using System.Collections.Concurrent;
using Enerlectra.Api.V1;

namespace Enerlectra.Soak.Load;

/// <summary>
/// Two market-making bots on the order book beside the households: a maker whose metered energy was moved into the
/// market quotes sell orders by unary calls, a taker who deposited money by mobile money lifts them with
/// immediate-or-cancel buys over the OrderSession stream.
/// Every order carries a client order id and a retry resends the same request, so the audit can require each
/// acknowledged order to exist exactly once, however the faults fell.
/// </summary>
public sealed class BotLoad(SoakApi api, RequestLog log, SoakOptions options, Func<string, string, string, CancellationToken, Task<Household>> household)
{
    /// <summary>Enough for every order a bot places in a run (ListOrders answers at most 1,000).</summary>
    public const int MaxOrdersPerBot = 900;

    private const long DepositNgwee = 150_000;

    public Household? Maker { get; private set; }

    public Household? Taker { get; private set; }

    /// <summary>Acknowledged orders: (bot, client order id) → the order id the server gave.</summary>
    public ConcurrentDictionary<(string UserId, string ClientOrderId), long> Acknowledged { get; } = new();

    /// <summary>Orders whose place was never answered: they may or may not exist.</summary>
    public int Unanswered => _unanswered;

    /// <summary>The taker's deposit (collected once by the provider, credited once to the market balance).</summary>
    public string? DepositId { get; private set; }

    private int _unanswered;

    public async Task SetUpAsync(string operatorToken, CancellationToken cancellationToken)
    {
        Maker = await household("soak-bot-maker", "mtn", "ok", cancellationToken);
        Taker = await household("soak-bot-taker", "airtel", "ok", cancellationToken);

        // The maker's energy: a meter reading, moved into the market to sell on the book.
        var meterToken = await api.RegisterMeterAsync(operatorToken, "soak-meter-soak-bot-maker", Maker.UserId, cancellationToken);
        var reading = new RecordReadingRequest { UserId = Maker.UserId, ReadingId = "bot-maker-0", GeneratedWh = 500_000 };
        (await api.CallAsync("setup", o => api.Meters.RecordReadingAsync(reading, o).ResponseAsync, cancellationToken, SoakApi.Bearer(meterToken))).Require("record the maker's generation");
        var transfer = new TransferEnergyRequest { UserId = Maker.UserId, EnergyWh = 450_000, MarketId = "default", IdempotencyKey = "bot-maker-transfer" };
        (await api.CallAsync("setup", o => api.Wallets.TransferEnergyAsync(transfer, o).ResponseAsync, cancellationToken, SoakApi.Bearer(Maker.Token))).Require("move the maker's energy into the market");

        // The taker's money: a deposit by mobile money, awaited until it is credited.
        var deposit = new DepositRequest { UserId = Taker.UserId, AmountNgwee = DepositNgwee, IdempotencyKey = "bot-taker-deposit", MarketId = "default" };
        var started = await api.CallAsync("deposit", o => api.Wallets.DepositAsync(deposit, o).ResponseAsync, cancellationToken, SoakApi.Bearer(Taker.Token));
        DepositId = started.Value?.DepositId ?? throw new InvalidOperationException("The taker's deposit was refused: " + started.Error?.Status);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (true)
        {
            var state = await api.CallAsync("deposit", o => api.Wallets.GetDepositAsync(new GetDepositRequest { UserId = Taker.UserId, DepositId = DepositId }, o).ResponseAsync,
                cancellationToken, SoakApi.Bearer(Taker.Token));
            var wallet = await api.CallAsync("setup", o => api.Wallets.GetWalletAsync(new GetWalletRequest { UserId = Maker.UserId }, o).ResponseAsync,
                cancellationToken, SoakApi.Bearer(Maker.Token));
            if (state.Value?.Status == "completed" && wallet.Value?.TradingEnergyWh >= 450_000)
            {
                return;
            }

            if (state.Value?.Status == "failed" || DateTimeOffset.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The bots could not be funded: deposit {state.Value?.Status} ({state.Value?.FailureReason}), maker's market energy {wallet.Value?.TradingEnergyWh} Wh.");
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>
    /// The maker quotes by unary calls, the taker trades over the OrderSession stream: both paths under faults. Below
    /// the households' offers (200 ngwee/kWh and up, resting in the same book), so the bots trade with each other and
    /// leave the offers to the households (a taker buying them would move the price band away from its own quotes).
    /// </summary>
    public async Task RunAsync(CancellationToken stop)
    {
        Stream = new StreamingBot(api, log, Taker!, "buy", 160, "ioc", options.BotOrderInterval);
        await Task.WhenAll(QuoteAsync(Maker!, "sell", 150, "gtc", stop), Stream.RunAsync(MaxOrdersPerBot, stop));
        foreach (var (clientOrderId, orderId) in Stream.Acknowledged)
        {
            Acknowledged[(Taker!.UserId, clientOrderId)] = orderId;
        }

        Interlocked.Add(ref _unanswered, Stream.Unanswered);
    }

    /// <summary>The taker's order stream (after <see cref="RunAsync"/>).</summary>
    public StreamingBot? Stream { get; private set; }

    private async Task QuoteAsync(Household bot, string side, long price, string timeInForce, CancellationToken stop)
    {
        for (var n = 0; n < MaxOrdersPerBot && !stop.IsCancellationRequested; n++)
        {
            // Built once: a retry is the same order under the same client order id.
            var order = new PlaceOrderRequest
            {
                MarketId = "default",
                ClientOrderId = $"{bot.UserId}-{n}",
                Side = side,
                QuantityWh = 250,
                PriceNgweePerKwh = price,
                TimeInForce = timeInForce,
            };
            var placed = await api.CallAsync("bot-order", o => new OrderService.OrderServiceClient(api.Channel).PlaceOrderAsync(order, o).ResponseAsync,
                CancellationToken.None, SoakApi.Bearer(bot.Token), note: order.ClientOrderId);
            if (placed.Value is { } result)
            {
                Acknowledged[(bot.UserId, order.ClientOrderId)] = result.Order.OrderId;
            }
            else if (placed.Unanswered)
            {
                Interlocked.Increment(ref _unanswered);
            }

            await Task.Delay(options.BotOrderInterval, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
