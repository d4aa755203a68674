using System.Collections.Concurrent;
using Enerlectra.Api.V1;
using Google.Protobuf.WellKnownTypes;
using Enerlectra.Soak.Topology;
using Grpc.Core;
using Nethereum.Signer;

namespace Enerlectra.Soak.Load;

/// <summary>
/// The households' mixed load: sellers whose meters report generation, who keep offers open, cancel some and are
/// paid out; buyers who take offers by mobile money one purchase at a time (approving on their phone when the
/// sandbox leaves a payment pending); and, with a chain, buyers who pay from their own wallet (the server's hybrid
/// choice, falling back to mobile money when the chain definitely fails). Everything goes through the public gRPC API with idempotency keys, so a retry
/// after a fault is the same request.
/// </summary>
public sealed class MarketLoad(SoakApi api, SoakOptions options, Uri sandbox, SoakChain? chain)
{
    private const string Market = "default";
    private readonly ConcurrentDictionary<string, string> _openOffers = new();
    private readonly HttpClient _sandboxControl = new() { BaseAddress = sandbox, Timeout = TimeSpan.FromSeconds(10) };
    private readonly Random _random = new(options.Seed);
    private readonly Dictionary<string, string> _meterTokens = [];
    private int _unansweredTrades;

    public List<Household> Sellers { get; } = [];

    public List<Household> Buyers { get; } = [];

    /// <summary>Trades the server acknowledged (trade id → buyer), for the audit.</summary>
    public ConcurrentDictionary<string, Household> AcknowledgedTrades { get; } = new();

    /// <summary>The idempotency key each acknowledged trade was started with.</summary>
    public ConcurrentDictionary<string, string> TradeKeys { get; } = new();

    /// <summary>Generation the meters reported and the server acknowledged, per seller.</summary>
    public ConcurrentDictionary<string, long> AcknowledgedGenerationWh { get; } = new();

    /// <summary>Where the payer's approval of each held-pending payment (scenario 0004) got to, for the audit.</summary>
    public ConcurrentDictionary<string, string> Approvals { get; } = new();

    /// <summary>How long a payer keeps trying to approve a payment that has not reached the provider yet.</summary>
    private static readonly TimeSpan ApprovalPatience = TimeSpan.FromMinutes(5);

    public string OperatorToken { get; private set; } = "";

    /// <summary>Purchases never answered within the retry budget: the audit's per-trade sums need this to be zero.</summary>
    public int UnansweredTrades => _unansweredTrades;

    public async Task SetUpAsync(CancellationToken cancellationToken)
    {
        OperatorToken = await api.TokenAsync("soak-operator", "operator", cancellationToken);
        for (var i = 0; i < options.Sellers; i++)
        {
            var provider = SoakPhones.Providers[i % 3];
            var scenario = SoakPhones.SellerScenarios[i % SoakPhones.SellerScenarios.Length];
            Sellers.Add(await HouseholdAsync($"soak-seller-{i}", provider, scenario, cancellationToken));
        }

        for (var i = 0; i < options.Buyers; i++)
        {
            var provider = SoakPhones.Providers[i % 3];
            var endings = SoakPhones.BuyerScenarios[provider];
            Buyers.Add(await HouseholdAsync($"soak-buyer-{i}", provider, endings[i / 3 % endings.Length], cancellationToken));
        }

        for (var i = 0; chain is not null && i < options.WalletBuyers; i++)
        {
            Buyers.Add(await WalletHouseholdAsync($"soak-wallet-{i}", chain, cancellationToken));
        }

        foreach (var seller in Sellers)
        {
            _meterTokens[seller.UserId] = await api.RegisterMeterAsync(OperatorToken, "soak-meter-" + seller.UserId, seller.UserId, cancellationToken);
        }
    }

    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Sellers.Select(s => SellerLoopAsync(s, stop)).Concat(Buyers.Select(b => BuyerLoopAsync(b, stop))));

    /// <summary>Signs a household in and verifies its phone (the number picks the sandbox's scenario).</summary>
    public async Task<Household> HouseholdAsync(string userId, string provider, string scenario, CancellationToken cancellationToken)
    {
        var token = await api.TokenAsync(userId, null, cancellationToken);
        var phone = SoakPhones.Number(provider, scenario, _random);
        (await api.CallAsync("setup", o => api.Wallets.SetPhoneAsync(new SetPhoneRequest { UserId = userId, PhoneNumber = phone }, o).ResponseAsync,
            cancellationToken, SoakApi.Bearer(token))).Require("set a phone");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (true)
        {
            var wallet = await api.CallAsync("setup", o => api.Wallets.GetWalletAsync(new GetWalletRequest { UserId = userId }, o).ResponseAsync,
                cancellationToken, SoakApi.Bearer(token));
            if (wallet.Value?.PhoneNumber == phone)
            {
                return new Household(userId, token, phone, provider, scenario);
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The phone of {userId} ({phone}) was not verified within 90 s.");
            }

            await Task.Delay(300, cancellationToken);
        }
    }

    /// <summary>Tokens each wallet household starts with: far more than it can spend in a run.</summary>
    public const long WalletTokensNgwee = 100_000_000;

    /// <summary>
    /// A household with a verified MTN phone (for the fallback) and its own funded wallet, linked to its account by
    /// signing the server's challenge, as the web app's wallet connection does.
    /// </summary>
    private async Task<Household> WalletHouseholdAsync(string userId, SoakChain chain, CancellationToken cancellationToken)
    {
        var household = await HouseholdAsync(userId, "mtn", "ok", cancellationToken);
        var key = await chain.NewFundedWalletAsync(WalletTokensNgwee, cancellationToken);
        var ecKey = new EthECKey(key);
        var connections = new WalletConnectionService.WalletConnectionServiceClient(api.Channel);
        var bearer = SoakApi.Bearer(household.Token);
        var challenge = (await api.CallAsync("setup", o => connections.IssueChallengeAsync(new IssueWalletChallengeRequest { UserId = userId }, o).ResponseAsync,
            cancellationToken, bearer)).Require("issue a wallet challenge");
        var signature = new EthereumMessageSigner().EncodeUTF8AndSign(challenge.Message, ecKey);
        (await api.CallAsync("setup", o => connections.ConnectAsync(new ConnectWalletRequest { UserId = userId, Address = ecKey.GetPublicAddress(), Signature = signature }, o).ResponseAsync,
            cancellationToken, bearer)).Require("connect a wallet");
        return household with { WalletKey = key, WalletAddress = ecKey.GetPublicAddress() };
    }

    private async Task SellerLoopAsync(Household seller, CancellationToken stop)
    {
        var meterToken = _meterTokens[seller.UserId];
        var random = new Random(seller.UserId.GetHashCode(StringComparison.Ordinal) ^ options.Seed);
        var mine = new List<string>();
        var readings = 0;
        var lastPayout = DateTimeOffset.UtcNow;
        while (!stop.IsCancellationRequested)
        {
            // The meter: generation since its last reading, retried under the same reading id.
            var readingId = $"{seller.UserId}-r{readings++}";
            const long generated = 2_000;
            var reading = await api.CallAsync("meter-reading", o => api.Meters.RecordReadingAsync(
                new RecordReadingRequest { UserId = seller.UserId, ReadingId = readingId, GeneratedWh = generated }, o).ResponseAsync,
                stop, SoakApi.Bearer(meterToken));
            if (reading.Acknowledged)
            {
                AcknowledgedGenerationWh.AddOrUpdate(seller.UserId, generated, (_, total) => total + generated);
            }

            // Keep two offers open; now and then cancel one (the household changed its mind).
            foreach (var offerId in mine.ToList())
            {
                var offer = await api.CallAsync("offer-read", o => api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offerId }, o).ResponseAsync,
                    stop, SoakApi.Bearer(seller.Token));
                if (offer.Value is { } o && o.Status is not ("open" or "partially_filled") || offer.Value is { RemainingWh: 0 })
                {
                    mine.Remove(offerId);
                    _openOffers.TryRemove(offerId, out _);
                }
            }

            if (mine.Count > 0 && random.Next(10) == 0)
            {
                var victim = mine[random.Next(mine.Count)];
                _openOffers.TryRemove(victim, out _);
                var cancelled = await api.CallAsync("offer-cancel", o => api.Offers.CancelOfferAsync(new CancelOfferRequest { OfferId = victim }, o).ResponseAsync,
                    stop, SoakApi.Bearer(seller.Token));
                if (cancelled.Acknowledged)
                {
                    mine.Remove(victim);
                }
            }

            while (mine.Count < 2 && !stop.IsCancellationRequested)
            {
                var key = $"{seller.UserId}-o{Guid.NewGuid():N}";
                // Built once: a retry must be the same request, or the server rightly refuses the reused key.
                var create = new CreateOfferRequest
                {
                    SellerId = seller.UserId,
                    EnergyWh = 3_000,
                    PricePerKwhNgwee = random.Next(200, 320),
                    ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(6)),
                    AcceptsMobileMoney = true,
                    MarketId = Market,
                    IdempotencyKey = key,
                };
                var created = await api.CallAsync("offer-create", o => api.Offers.CreateOfferAsync(create, o).ResponseAsync, stop, SoakApi.Bearer(seller.Token), note: key);
                if (created.Value is not { } offer)
                {
                    break; // Not enough energy yet (refused), or unanswered: the next round tries again.
                }

                mine.Add(offer.OfferId);
                _openOffers[offer.OfferId] = seller.UserId;
            }

            if (DateTimeOffset.UtcNow - lastPayout > TimeSpan.FromSeconds(15))
            {
                lastPayout = DateTimeOffset.UtcNow;
                await api.CallAsync("payout", o => api.Wallets.RequestPayoutAsync(new RequestPayoutRequest { UserId = seller.UserId }, o).ResponseAsync,
                    stop, SoakApi.Bearer(seller.Token));
            }

            await Delay(TimeSpan.FromMilliseconds(random.Next(1_500, 3_000)), stop);
        }
    }

    private async Task BuyerLoopAsync(Household buyer, CancellationToken stop)
    {
        var random = new Random(buyer.UserId.GetHashCode(StringComparison.Ordinal) ^ options.Seed);
        var purchases = 0;
        while (!stop.IsCancellationRequested)
        {
            var offers = _openOffers.Keys.ToArray();
            if (offers.Length == 0)
            {
                await Delay(TimeSpan.FromMilliseconds(500), stop);
                continue;
            }

            var offerId = offers[random.Next(offers.Length)];
            if (buyer.PaysFromWallet)
            {
                offerId = await PreferPayableFromWalletAsync(buyer, offers, offerId, random, stop);
            }

            var key = $"{buyer.UserId}-t{purchases++}";
            // Built once: a retry must be the same request, or the server rightly refuses the reused key.
            var purchase = new ExecuteTradeRequest
            {
                OfferId = offerId,
                PhoneNumber = buyer.Phone,
                // The server chooses: the wallet when the offer is on the chain and the wallet allows it, else mobile money.
                PaymentMethod = buyer.PaysFromWallet ? "hybrid" : "mobile_money",
                EnergyWh = random.Next(4, 13) * 100,
                IdempotencyKey = key,
            };
            // Once sent, it is followed to an answer even when the load is stopping.
            var trade = await api.CallAsync("trade", o => api.Trades.ExecuteTradeAsync(purchase, o).ResponseAsync, CancellationToken.None, SoakApi.Bearer(buyer.Token), note: key);
            if (trade.Value is not { } started)
            {
                if (trade.Unanswered)
                {
                    Interlocked.Increment(ref _unansweredTrades);
                }

                if (trade.Error?.StatusCode == StatusCode.FailedPrecondition)
                {
                    _openOffers.TryRemove(offerId, out _); // Sold out or closed: look elsewhere.
                }

                await Delay(TimeSpan.FromMilliseconds(300), stop);
                continue;
            }

            AcknowledgedTrades[started.TradeId] = buyer;
            TradeKeys[started.TradeId] = key;
            if (buyer.Scenario == "0004")
            {
                // This payer's phone leaves the payment pending until they approve it.
                _ = ApproveLaterAsync(buyer.Provider, started.TradeId, TimeSpan.FromSeconds(3));
            }

            // A household waits for its purchase before the next one.
            var until = DateTimeOffset.UtcNow.AddSeconds(45);
            while (DateTimeOffset.UtcNow < until && !stop.IsCancellationRequested)
            {
                var state = await api.CallAsync("trade-status", o => api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = started.TradeId }, o).ResponseAsync,
                    stop, SoakApi.Bearer(buyer.Token));
                if (state.Value?.Status is "completed" or "failed")
                {
                    break;
                }

                await Delay(TimeSpan.FromMilliseconds(700), stop);
            }

            await Delay(TimeSpan.FromMilliseconds(random.Next(300, 1_500)), stop);
        }
    }

    /// <summary>
    /// A wallet household looks for an offer its wallet can pay (as the payment modal shows it): the newest offers are
    /// often bought before the server has put them on the chain. It looks a few times, a moment apart (mirroring takes
    /// two transactions per offer, one offer at a time), then takes what it found.
    /// </summary>
    private async Task<string> PreferPayableFromWalletAsync(Household buyer, string[] offers, string fallback, Random random, CancellationToken stop)
    {
        for (var look = 0; look < 8; look++)
        {
            if (look > 0 && look % 2 == 0)
            {
                await Delay(TimeSpan.FromMilliseconds(250), stop);
            }

            var candidate = offers[random.Next(offers.Length)];
            var offer = await api.CallAsync("offer-read", o => api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = candidate }, o).ResponseAsync,
                stop, SoakApi.Bearer(buyer.Token));
            if (offer.Value is { PayableFromWallet: true, RemainingWh: > 0 })
            {
                return candidate;
            }
        }

        return fallback;
    }

    /// <summary>
    /// Approves a payment the sandbox holds pending (scenario 0004), retrying until it is there: the server may only
    /// deliver the request a minute or more later (it resubmits after a provider outage or a silo failure once a status
    /// query finds nothing, with its polls backing off to 30 s). A payer who never approves would leave the payment
    /// pending for good in the sandbox, so giving up early would blame the server for the payer.
    /// </summary>
    public async Task ApproveLaterAsync(string provider, string tradeId, TimeSpan after)
    {
        var acknowledged = DateTimeOffset.UtcNow;
        await Task.Delay(after);
        var until = DateTimeOffset.UtcNow + ApprovalPatience;
        var last = "not tried";
        while (DateTimeOffset.UtcNow < until)
        {
            try
            {
                using var response = await _sandboxControl.PostAsync($"/sandbox/{provider}/collections/{tradeId}/approve", null);
                if (response.IsSuccessStatusCode || (int)response.StatusCode == 409)
                {
                    Approvals[tradeId] = $"approved by the payer {(DateTimeOffset.UtcNow - acknowledged).TotalSeconds:0} s after the purchase";
                    return;
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // The sandbox itself never goes down in the soak (only the route to it does); try again.
                last = ex.GetType().Name;
            }

            Approvals[tradeId] = $"not approved yet (last answer {last})";
            await Task.Delay(1_000);
        }

        Approvals[tradeId] = $"the payer gave up approving after {ApprovalPatience.TotalSeconds:0} s (last answer {last})";
    }

    private static Task Delay(TimeSpan delay, CancellationToken stop) =>
        Task.Delay(delay, stop).ContinueWith(_ => { }, TaskScheduler.Default);
}
