using System.Diagnostics.Metrics;
using System.Net;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Grpc.Core;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Floods of (forged) callbacks over real HTTP: per trade they cost at most one status query per interval, unknown
/// references cost no payment grain at all, the callback routes are rate-limited per client address and overall
/// (429 with Retry-After, nothing done), and a real trade running through a flood needs exactly the status queries it
/// needs without one. Attackers send from other loopback addresses than the sandbox (the provider), as they would.
/// Everything is counted (sandbox status queries per reference and per product, HTTP answers), never timed.
/// </summary>
public sealed class CallbackFloodTests(CallbackFloodTests.Fixture fixture) : IClassFixture<CallbackFloodTests.Fixture>
{
    private const int PerClientPermits = 30;

    /// <summary>
    /// Budgets that do not refill within a test, so how many callbacks get through is an exact number; and only
    /// callbacks make a trade ask the provider (no polling or sweeps within a test, one callback-triggered query per
    /// trade per test), so each trade's status queries are an exact number too.
    /// </summary>
    public sealed class Fixture : GatewayFixture
    {
        protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
        {
            ["CallbackRateLimit:PerClientPermits"] = PerClientPermits.ToString(),
            ["CallbackRateLimit:TotalPermits"] = "200",
            ["CallbackRateLimit:Window"] = "00:10:00",
            ["Trading:CallbackQueryInterval"] = "00:10:00",
            ["Trading:PaymentPollInterval"] = "00:10:00",
            ["Trading:MaxPaymentPollInterval"] = "00:10:00",
            ["Trading:ReconcileReminderPeriod"] = "00:10:00",
        };
    }

    private ApiClients Api => fixture.Api;

    private SandboxControl Sandbox => fixture.Sandbox;

    [Fact]
    public async Task A_callback_flood_costs_one_status_query_and_leaves_a_real_trade_needing_what_it_needs_without_one()
    {
        // What a trade needs without a flood: its payer approves, the provider calls back once, one status query.
        var baseline = await StartTradeAsync(ApiClients.MtnPhone());
        Assert.Equal("completed", (await Api.WaitForFinalAsync(baseline.Trade.TradeId, baseline.BuyerToken)).Status);
        var needed = await Sandbox.StatusQueriesForAsync("mtn", baseline.Trade.TradeId);
        Assert.Equal(1, needed);

        // Another buyer's payment the provider holds (0004): its reference is what the attacker floods.
        var flooded = await StartTradeAsync(ApiClients.MtnPhone("0004"));
        await Api.WaitUntilAwaitingApprovalAsync(flooded.Trade.TradeId, flooded.BuyerToken);
        var floodedBefore = await Sandbox.StatusQueriesForAsync("mtn", flooded.Trade.TradeId);

        // The real trade's seller and buyer are ready (their phones verified) before counting the provider's queries.
        var (_, _, offer) = await new Market(Api).SellerWithOfferAsync(10_000, 5_000, 1_000);
        var (_, realBuyer, realPhone) = await Api.BuyerAsync(ApiClients.MtnPhone());
        var productBefore = await Sandbox.CollectionStatusQueriesAsync("mtn");

        // The real trade starts, and the flood runs (from another address than the provider's) until it completes:
        // callbacks for the flooded reference and for references nobody has, in turn.
        var real = (Trade: await Api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = realPhone, EnergyWh = 2_000 }, realBuyer), BuyerToken: realBuyer);
        using var attacker = LoopbackClient.From("127.0.0.2", fixture.Host.HttpPort);
        using var stop = new CancellationTokenSource();
        var flood = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var answers = new List<(string Reference, HttpStatusCode Status, TimeSpan? RetryAfter)>();
            for (var i = 0; i < 40 || !stop.IsCancellationRequested; i++)
            {
                var reference = (i + worker) % 2 == 0 ? flooded.Trade.TradeId : Guid.NewGuid().ToString();
                using var response = await ProviderCallbacks.SendMtnSuccessAsync(attacker, reference, 5_000);
                answers.Add((reference, response.StatusCode, response.Headers.RetryAfter?.Delta));
            }

            return answers;
        })).ToList();

        var completed = await Api.WaitForFinalAsync(real.Trade.TradeId, real.BuyerToken);
        stop.Cancel();
        var answers = (await Task.WhenAll(flood)).SelectMany(a => a).ToList();

        // (b) The real trade completed, charged once, with exactly the status queries a trade needs without a flood.
        Assert.Equal("completed", completed.Status);
        Assert.Equal(1, await Sandbox.ChargesForAsync("mtn", completed.PayerPhone));
        Assert.Equal(needed, await Sandbox.StatusQueriesForAsync("mtn", real.Trade.TradeId));

        // (c) The attacker's budget went through, exactly, and everything beyond it was answered 429 with Retry-After.
        Assert.Equal(PerClientPermits, answers.Count(a => a.Status == HttpStatusCode.OK));
        var refused = answers.Where(a => a.Status != HttpStatusCode.OK).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, a => Assert.Equal(HttpStatusCode.TooManyRequests, a.Status));
        Assert.All(refused, a => Assert.True(a.RetryAfter >= TimeSpan.FromSeconds(1), $"Retry-After was {a.RetryAfter}"));

        // (a) However many of the accepted callbacks named the flooded reference, it was asked about once (the rest
        // only make sure one more query follows when the interval ends, ten minutes from now); references nobody
        // has were never asked about; so the provider saw two queries in all: the flooded one's and the real trade's.
        var acceptedForFlooded = answers.Count(a => a.Status == HttpStatusCode.OK && a.Reference == flooded.Trade.TradeId);
        Assert.True(acceptedForFlooded > 1, $"only {acceptedForFlooded} flood callbacks for the pending trade got through");
        var floodedQueries = await Eventually.UntilAsync(
            () => Sandbox.StatusQueriesForAsync("mtn", flooded.Trade.TradeId), n => n > floodedBefore, "the flooded trade to ask once");
        Assert.Equal(floodedBefore + 1, floodedQueries);
        foreach (var reference in answers.Where(a => a.Status == HttpStatusCode.OK && a.Reference != flooded.Trade.TradeId).Select(a => a.Reference))
        {
            Assert.Equal(0, await Sandbox.StatusQueriesForAsync("mtn", reference));
        }

        Assert.Equal(productBefore + 2, await Sandbox.CollectionStatusQueriesAsync("mtn"));
        var stillPending = await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = flooded.Trade.TradeId }, flooded.BuyerToken);
        Assert.Equal(("payment_pending", "awaiting_approval"), (stillPending.Status, stillPending.PaymentStatus));
    }

    [Fact]
    public async Task Callbacks_for_references_nobody_has_activate_no_payment_grain()
    {
        // Reading the operator overview activates every reconciler shard, so what follows can only activate grains
        // a callback itself causes. Orleans counts every activation it creates (its published metrics).
        await Api.Operator.GetPaymentOverviewAsync(new GetPaymentOverviewRequest { MaxListed = 1 }, await Api.TokenAsync(ApiClients.NewUserId("ops"), "operator"));
        using var client = LoopbackClient.From("127.0.0.4", fixture.Host.HttpPort);
        using var activations = new ActivationCounter();

        const int Unknown = 20;
        for (var i = 0; i < Unknown; i++)
        {
            using var response = await ProviderCallbacks.SendMtnSuccessAsync(client, Guid.NewGuid().ToString(), 5_000);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);   // a hint that wakes nothing, and says nothing
        }

        Assert.True(activations.Created <= 2, $"{activations.Created} grain activations for {Unknown} callbacks naming unknown references");
    }

    [Fact]
    public async Task A_callback_over_the_client_budget_is_answered_429_with_Retry_After_and_wakes_nothing()
    {
        // Paid at the provider, which sends no callback (0007), and nothing polls here: only a callback can settle it.
        var trade = await StartTradeAsync(ApiClients.MtnPhone("0007"));
        await Eventually.UntilAsync(
            async () => (await Sandbox.CollectionAsync("mtn", trade.Trade.TradeId)).GetProperty("transaction").GetProperty("status").GetString() == "SUCCESSFUL",
            "the provider to have the payment");

        // One client spends its whole budget on references nobody has...
        using var noisy = LoopbackClient.From("127.0.0.3", fixture.Host.HttpPort);
        for (var i = 0; i < PerClientPermits; i++)
        {
            using var spent = await ProviderCallbacks.SendMtnSuccessAsync(noisy, Guid.NewGuid().ToString(), 5_000);
            Assert.Equal(HttpStatusCode.OK, spent.StatusCode);
        }

        // ...so its callback for the real trade is refused before anything runs: the trade does not even ask.
        using (var refused = await ProviderCallbacks.SendMtnSuccessAsync(noisy, trade.Trade.TradeId, trade.Trade.AmountNgwee))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After was {refused.Headers.RetryAfter}");
        }

        var untouched = await Api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = trade.Trade.TradeId }, trade.BuyerToken);
        Assert.Equal(("payment_pending", "awaiting_approval"), (untouched.Status, untouched.PaymentStatus));
        Assert.Equal(0, await Sandbox.StatusQueriesForAsync("mtn", trade.Trade.TradeId));

        // The same callback from another address, within its own budget, is taken: one status query settles it.
        using var provider = LoopbackClient.From("127.0.0.5", fixture.Host.HttpPort);
        using (var taken = await ProviderCallbacks.SendMtnSuccessAsync(provider, trade.Trade.TradeId, trade.Trade.AmountNgwee))
        {
            Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        }

        Assert.Equal("completed", (await Api.WaitForFinalAsync(trade.Trade.TradeId, trade.BuyerToken)).Status);
        Assert.Equal(1, await Sandbox.StatusQueriesForAsync("mtn", trade.Trade.TradeId));
    }

    [Fact]
    public async Task Callbacks_beyond_the_overall_budget_are_answered_429_whichever_address_they_come_from()
    {
        await using var gateway = await GatewayHost.StartAsync(extra: new Dictionary<string, string?>
        {
            ["CallbackRateLimit:PerClientPermits"] = "10",
            ["CallbackRateLimit:TotalPermits"] = "25",
            ["CallbackRateLimit:Window"] = "00:10:00",
        });

        // Three addresses, each within its own budget of 10, together over the total of 25.
        var answers = new List<(HttpStatusCode Status, TimeSpan? RetryAfter)>();
        foreach (var address in new[] { "127.0.0.11", "127.0.0.12", "127.0.0.13" })
        {
            using var client = LoopbackClient.From(address, gateway.HttpPort);
            for (var i = 0; i < 10; i++)
            {
                using var response = await ProviderCallbacks.SendMtnSuccessAsync(client, Guid.NewGuid().ToString(), 5_000);
                answers.Add((response.StatusCode, response.Headers.RetryAfter?.Delta));
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 25).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 5)), answers.Select(a => a.Status));
        Assert.All(answers.Skip(25), a => Assert.True(a.RetryAfter >= TimeSpan.FromSeconds(1), $"Retry-After was {a.RetryAfter}"));
    }

    [Fact]
    public async Task Callbacks_inside_the_interval_fold_into_one_status_query_at_its_end()
    {
        // Polling off, so only callbacks make the trade ask; five seconds between callback-triggered queries.
        await using var gateway = await GatewayHost.StartAsync(extra: new Dictionary<string, string?>
        {
            ["Trading:CallbackQueryInterval"] = "00:00:05",
            ["Trading:PaymentPollInterval"] = "00:10:00",
            ["Trading:MaxPaymentPollInterval"] = "00:10:00",
            ["Trading:ReconcileReminderPeriod"] = "00:10:00",
        });
        using var sandbox = new SandboxControl(gateway.SandboxUrl!);
        var (trade, buyerToken) = await new Market(gateway.Api).BuyAsync(ApiClients.MtnPhone("0004"));
        await gateway.Api.WaitUntilAwaitingApprovalAsync(trade.TradeId, buyerToken);

        // The first callback makes the trade ask at once.
        using (var first = await ProviderCallbacks.SendMtnSuccessAsync(gateway.Http, trade.TradeId, trade.AmountNgwee))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await Eventually.UntilAsync(() => sandbox.StatusQueriesForAsync("mtn", trade.TradeId), n => n >= 1, "the first query");

        // Nine more inside the interval only make sure one more query follows when it ends.
        for (var i = 0; i < 9; i++)
        {
            using var response = await ProviderCallbacks.SendMtnSuccessAsync(gateway.Http, trade.TradeId, trade.AmountNgwee);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var queries = await Eventually.UntilAsync(
            () => sandbox.StatusQueriesForAsync("mtn", trade.TradeId), n => n >= 2, "the query at the end of the interval");
        Assert.Equal(2, queries);
    }

    private async Task<(Trade Trade, Metadata BuyerToken)> StartTradeAsync(string phone)
    {
        var (trade, buyerToken) = await new Market(Api).BuyAsync(phone);
        Assert.Equal("mtn", trade.Network);
        return (trade, buyerToken);
    }

    /// <summary>
    /// Counts grain activations the silo creates while it is alive, from Orleans' published metrics. The test classes
    /// run one at a time, so only this class's gateway creates any.
    /// </summary>
    private sealed class ActivationCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _created;

        public ActivationCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "orleans-catalog-activation-created")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((_, value, _, _) => Interlocked.Add(ref _created, value));
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _created, value));
            _listener.Start();
        }

        public long Created => Interlocked.Read(ref _created);

        public void Dispose() => _listener.Dispose();
    }
}
