using System.Diagnostics;
using System.Numerics;
using Enerlectra.Api.V1;
using Enerlectra.Chain;
using Enerlectra.Chain.Contracts;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Util;
using Nethereum.Web3;

namespace Enerlectra.Bench;

/// <summary>
/// The on-chain rail against a local dev node (Hardhat, automine): deploys fresh contracts, starts the real gateway
/// on them and measures (1) wallet-paid trades end to end over gRPC, (2) how fast the server mirrors new offers
/// on-chain, (3) how fast the chain listener records offers and trades made directly on the contract.
/// </summary>
public static class ChainRailBenchmark
{
    public sealed record Options(
        string RpcUrl,
        int Buyers = 9,
        int TradesPerBuyer = 10,
        int Offers = 50,
        int DirectTrades = 20,
        TimeSpan? ReceiptPollInterval = null);

    private const long TradeWh = 1_000;
    private const long PriceNgweePerKwh = 250;
    private const long BuyerFundsNgwee = 100_000_000;

    public static async Task<IReadOnlyList<string>> RunAsync(Options o)
    {
        var rows = new List<string>();
        var receiptPoll = o.ReceiptPollInterval ?? TimeSpan.FromMilliseconds(50);
        var buyers = Math.Clamp(o.Buyers, 1, HardhatDevKeys.Buyers.Length);
        var web3 = new Web3(o.RpcUrl);
        var chainId = (long)(await web3.Eth.ChainId.SendRequestAsync()).Value;
        if (chainId != 31337)
        {
            throw new InvalidOperationException($"{o.RpcUrl} is chain {chainId}; the chain benchmark uses Hardhat's dev keys and runs only on the dev chain 31337.");
        }

        // Deploy fresh contracts (what src/ChainDeploy does) so every run starts from the same state.
        var startBlock = await HeadAsync(web3) + 1;
        using var operatorClient = new ChainClient(ClientOptions(o.RpcUrl, chainId, HardhatDevKeys.Operator, receiptPoll));
        var deployment = await ChainDeployer.DeployAsync(operatorClient);

        // Everything the operator account itself sends is done before the server starts: the server then owns the
        // operator's nonce lane alone, as in production.
        foreach (var key in HardhatDevKeys.Buyers.Take(buyers).Concat(HardhatDevKeys.DirectBuyers))
        {
            await operatorClient.SendAsync(deployment.PaymentToken, new MintFunction { To = Address(key), AmountNgwee = BuyerFundsNgwee });
            using var buyer = new ChainClient(ClientOptions(o.RpcUrl, chainId, key, receiptPoll));
            await buyer.SendAsync(deployment.PaymentToken, new ApproveFunction { Spender = deployment.EnergyTrading, Value = BuyerFundsNgwee });
        }

        var directOfferWh = 2 * TradeWh;
        var offersPerSeller = (o.DirectTrades + HardhatDevKeys.DirectSellers.Length - 1) / HardhatDevKeys.DirectSellers.Length;
        foreach (var key in HardhatDevKeys.DirectSellers)
        {
            var wh = directOfferWh * offersPerSeller;
            await operatorClient.SendAsync(deployment.EnergyToken, new MintGenerationFunction
            {
                To = Address(key),
                AmountWh = wh,
                ReadingId = Sha3Keccack.Current.CalculateHash(Guid.NewGuid().ToByteArray()),
            });
            using var seller = new ChainClient(ClientOptions(o.RpcUrl, chainId, key, receiptPoll));
            await seller.SendAsync(deployment.EnergyToken, new ApproveFunction { Spender = deployment.EnergyTrading, Value = wh });
        }

        var settings = new Dictionary<string, string?>
        {
            [ChainOptions.RpcUrlKey] = o.RpcUrl,
            [ChainOptions.ChainIdKey] = chainId.ToString(),
            [ChainOptions.PrivateKeyKey] = HardhatDevKeys.Operator,
            [ChainOptions.EnergyTokenAddressKey] = deployment.EnergyToken,
            [ChainOptions.EnergyTradingAddressKey] = deployment.EnergyTrading,
            [ChainOptions.PaymentTokenAddressKey] = deployment.PaymentToken,
            ["Blockchain:Network"] = "hardhat",
            ["Blockchain:StartBlock"] = startBlock.ToString(),
            ["Blockchain:ReceiptPollInterval"] = receiptPoll.ToString(),
            ["Blockchain:MirrorRetryInterval"] = "00:00:00.2",
            // The listener runs only when asked (Sync), so part 3 measures a real catch-up rather than a timer tick.
            ["Blockchain:ListenerPollInterval"] = "00:30:00",
            ["Trading:PaymentPollInterval"] = "00:00:00.2",
            ["Trading:MaxPaymentPollInterval"] = "00:00:01",
            ["Payouts:Enabled"] = "false",
        };

        await using var host = await BenchHost.StartAsync(postgres: null, settings);
        rows.AddRange(await WalletTradesAsync(host, buyers, o.TradesPerBuyer));
        rows.Add(await MirroringAsync(host, web3, o.Offers));
        rows.Add(await ListenerCatchUpAsync(host, web3, o, chainId, deployment, receiptPoll, directOfferWh, startBlock));
        return rows;
    }

    /// <summary>Part 1: each buyer's own wallet linked to its user, paying for 1 kWh trades through ExecuteTrade (hybrid).</summary>
    private static async Task<IReadOnlyList<string>> WalletTradesAsync(BenchHost host, int buyers, int tradesPerBuyer)
    {
        var offersApi = new OfferService.OfferServiceClient(host.Channel);
        var tradesApi = new TradeService.TradeServiceClient(host.Channel);
        var wallets = new WalletConnectionService.WalletConnectionServiceClient(host.Channel);
        var run = Guid.NewGuid().ToString("N")[..6];

        // One big offer per buyer (the warm-up, the serial pass and the concurrent pass all buy from it).
        var offerWh = (2 * tradesPerBuyer + 1) * TradeWh;
        var users = new List<(string Id, Metadata Token, string OfferId)>();
        for (var b = 0; b < buyers; b++)
        {
            var buyerId = $"cbuyer-{run}-{b}";
            var token = await host.TokenAsync(buyerId);
            var challenge = await wallets.IssueChallengeAsync(new() { UserId = buyerId }, token);
            var key = new EthECKey(HardhatDevKeys.Buyers[b]);
            var signature = new EthereumMessageSigner().EncodeUTF8AndSign(challenge.Message, key);
            await wallets.ConnectAsync(new() { UserId = buyerId, Address = key.GetPublicAddress(), Signature = signature }, token);

            var sellerId = $"cseller-{run}-{b}";
            await host.CreditAsync(sellerId, offerWh);
            var offer = await offersApi.CreateOfferAsync(new CreateOfferRequest
            {
                EnergyWh = offerWh,
                PricePerKwhNgwee = PriceNgweePerKwh,
                ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
            }, await host.TokenAsync(sellerId));
            users.Add((buyerId, token, offer.OfferId));
        }

        var observer = await host.TokenAsync("bench-observer");
        foreach (var user in users)
        {
            await UntilAsync(async () => (await offersApi.GetOfferAsync(new GetOfferRequest { OfferId = user.OfferId }, observer)).PayableFromWallet,
                "the wallet-trade offers to be mirrored", TimeSpan.FromMinutes(2));
        }

        async Task<(double Ms, string? Failure)> TradeAsync((string Id, Metadata Token, string OfferId) user, string idempotencyKey)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var trade = await tradesApi.ExecuteTradeAsync(
                    new ExecuteTradeRequest { OfferId = user.OfferId, EnergyWh = TradeWh, IdempotencyKey = idempotencyKey }, user.Token);
                var ms = watch.Elapsed.TotalMilliseconds;
                return trade is { Status: "completed", PaymentMethod: "blockchain" }
                    ? (ms, null)
                    : (ms, $"{trade.PaymentMethod}/{trade.Status}");
            }
            catch (RpcException e)
            {
                return (watch.Elapsed.TotalMilliseconds, $"{e.StatusCode}: {e.Status.Detail}");
            }
        }

        // Warm-up (not reported): one trade per buyer.
        var warm = await Task.WhenAll(users.Select((u, b) => TradeAsync(u, $"warm-{run}-{b}")));
        var rows = new List<string>();
        if (warm.FirstOrDefault(w => w.Failure is not null).Failure is { } warmFailure)
        {
            rows.Add($"| wallet-paid trade (warm-up) | | failed | {warmFailure} |");
        }

        // Serial: one buyer, one trade at a time — the latency of a single wallet payment.
        var serial = new List<(double Ms, string? Failure)>();
        var serialWatch = Stopwatch.StartNew();
        for (var t = 0; t < tradesPerBuyer; t++)
        {
            serial.Add(await TradeAsync(users[0], $"serial-{run}-{t}"));
        }

        rows.Add(TradeRow("1 buyer, one trade at a time", serial, serialWatch.Elapsed.TotalSeconds));

        // Concurrent: every buyer trading at once.
        var concurrentWatch = Stopwatch.StartNew();
        var perBuyer = await Task.WhenAll(users.Select(async (u, b) =>
        {
            var mine = new List<(double Ms, string? Failure)>();
            for (var t = 0; t < tradesPerBuyer; t++)
            {
                mine.Add(await TradeAsync(u, $"conc-{run}-{b}-{t}"));
            }

            return mine;
        }));
        rows.Add(TradeRow($"{buyers} concurrent buyers × {tradesPerBuyer}", perBuyer.SelectMany(x => x).ToList(), concurrentWatch.Elapsed.TotalSeconds));
        return rows;
    }

    private static string TradeRow(string load, IReadOnlyList<(double Ms, string? Failure)> results, double seconds)
    {
        var ok = results.Where(r => r.Failure is null).Select(r => r.Ms).Order().ToList();
        var failures = results.Where(r => r.Failure is not null).GroupBy(r => r.Failure).Select(g => $"{g.Count()}× {g.Key}").ToList();
        var verdict = failures.Count == 0
            ? $"all {results.Count} completed, method blockchain"
            : $"**{failures.Sum(f => int.Parse(f[..f.IndexOf('×')]))} FAILED** ({string.Join("; ", failures)})";
        return $"| wallet-paid trades end to end (ExecuteTrade → on-chain payment) | {load} | {ok.Count} trades in {seconds:F1} s; {verdict} | " +
               $"**{ok.Count / seconds:F1} trades/s**, p50 {Stats.Percentile(ok, 50):F0} ms, p99 {Stats.Percentile(ok, 99):F0} ms |";
    }

    /// <summary>Part 2: N offers created over the API at once; time until every one is payable from wallets and the mirror queue is empty.</summary>
    private static async Task<string> MirroringAsync(BenchHost host, Web3 web3, int count)
    {
        var offersApi = new OfferService.OfferServiceClient(host.Channel);
        var run = Guid.NewGuid().ToString("N")[..6];
        var sellers = new List<Metadata>();
        for (var i = 0; i < count; i++)
        {
            var sellerId = $"mseller-{run}-{i}";
            await host.CreditAsync(sellerId, TradeWh);
            sellers.Add(await host.TokenAsync(sellerId));
        }

        await UntilAsync(async () => (await host.ChainSyncAsync()).PendingMirrorJobs == 0, "the mirror queue to be empty before part 2", TimeSpan.FromMinutes(2));
        var before = await host.ChainSyncAsync();
        var headBefore = await HeadAsync(web3);
        var expires = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1));
        var watch = Stopwatch.StartNew();
        var created = await Task.WhenAll(sellers.Select(async token =>
            (await offersApi.CreateOfferAsync(new CreateOfferRequest { EnergyWh = TradeWh, PricePerKwhNgwee = PriceNgweePerKwh, ExpiresAt = expires }, token)).OfferId));
        var apiSeconds = watch.Elapsed.TotalSeconds;

        var observer = await host.TokenAsync("bench-observer");
        var waiting = new HashSet<string>(created);
        var deadline = TimeSpan.FromMinutes(5);
        while (watch.Elapsed < deadline)
        {
            foreach (var id in waiting.ToList())
            {
                if ((await offersApi.GetOfferAsync(new GetOfferRequest { OfferId = id }, observer)).PayableFromWallet)
                {
                    waiting.Remove(id);
                }
            }

            if (waiting.Count == 0 && (await host.ChainSyncAsync()).PendingMirrorJobs == 0)
            {
                break;
            }

            await Task.Delay(50);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var after = await host.ChainSyncAsync();
        var blocks = await HeadAsync(web3) - headBefore;
        if (waiting.Count > 0)
        {
            return $"| offers mirrored on-chain | {count} offers | **FAILED**: {waiting.Count} not payable from wallets after {seconds:F0} s (last error: {after.LastError}) |  |";
        }

        var jobs = after.MirrorJobsCompleted - before.MirrorJobsCompleted;
        return $"| offers mirrored on-chain (create over gRPC → mint + mirror tx → payable_from_wallet) | {count} offers created at once | " +
               $"created in {apiSeconds:F2} s; all mirrored {seconds:F1} s after the first request ({jobs} mirror jobs, {blocks} operator transactions/blocks, " +
               $"{after.MirrorJobsGivenUp - before.MirrorJobsGivenUp} given up) | **{count / seconds:F1} offers/s** ({blocks / seconds:F1} operator tx/s) |";
    }

    /// <summary>Part 3: M offers and M trades made directly on the contract with dev keys; Sync; time until all M trades are recorded.</summary>
    private static async Task<string> ListenerCatchUpAsync(BenchHost host, Web3 web3, Options o, long chainId, ChainDeployment deployment,
        TimeSpan receiptPoll, long offerWh, long startBlock)
    {
        // First bring the listener level with the head (it has not run yet: the server's own mirror and payment
        // transactions of parts 1 and 2 are behind it), so the timed catch-up below covers only the direct activity.
        var ops = await host.TokenAsync("bench-ops", "operator");
        var blockchain = new BlockchainService.BlockchainServiceClient(host.Channel);
        var initialHead = await HeadAsync(web3);
        var initialWatch = Stopwatch.StartNew();
        await blockchain.SyncAsync(new BlockchainSyncRequest(), ops);
        await UntilAsync(async () => (await host.ChainSyncAsync()).LastProcessedBlock >= initialHead, "the listener to reach the head", TimeSpan.FromMinutes(2));
        var initialSeconds = initialWatch.Elapsed.TotalSeconds;
        var initialBlocks = initialHead - startBlock + 1;

        var before = await host.ChainSyncAsync();
        var sellers = HardhatDevKeys.DirectSellers;
        var buyers = HardhatDevKeys.DirectBuyers;
        var sendWatch = Stopwatch.StartNew();
        var headBefore = await HeadAsync(web3);
        for (var i = 0; i < o.DirectTrades; i++)
        {
            using var seller = new ChainClient(ClientOptions(o.RpcUrl, chainId, sellers[i % sellers.Length], receiptPoll));
            using var buyer = new ChainClient(ClientOptions(o.RpcUrl, chainId, buyers[i % buyers.Length], receiptPoll));
            var chainOfferId = await seller.QueryValueAsync<NextOfferIdFunction, BigInteger>(deployment.EnergyTrading, new NextOfferIdFunction());
            var latest = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
            await seller.SendAsync(deployment.EnergyTrading, new CreateEnergyOfferFunction
            {
                EnergyAmount = offerWh,
                PricePerKwh = PriceNgweePerKwh,
                ExpiresAt = (long)latest.Timestamp.Value + 86_400,
                AcceptMobileMoney = false,
            });
            await buyer.SendAsync(deployment.EnergyTrading, new ExecuteTradeWithBlockchainFunction { OfferId = chainOfferId, EnergyAmount = TradeWh });
        }

        var sendSeconds = sendWatch.Elapsed.TotalSeconds;
        var head = await HeadAsync(web3);
        var lagBefore = head - (await host.ChainSyncAsync()).LastProcessedBlock;

        var watch = Stopwatch.StartNew();
        await blockchain.SyncAsync(new BlockchainSyncRequest(), ops);
        var syncSeconds = watch.Elapsed.TotalSeconds;
        var target = before.TradesRecorded + o.DirectTrades;
        var reached = await UntilAsync(async () => (await host.ChainSyncAsync()).TradesRecorded >= target, "the direct trades to be recorded", TimeSpan.FromMinutes(2), throwOnTimeout: false);
        var seconds = watch.Elapsed.TotalSeconds;
        var after = await host.ChainSyncAsync();
        var offers = after.OffersRecorded - before.OffersRecorded;
        var trades = after.TradesRecorded - before.TradesRecorded;
        if (!reached)
        {
            return $"| chain listener catch-up | {o.DirectTrades} direct offers + trades | **FAILED**: {trades}/{o.DirectTrades} trades recorded after {seconds:F0} s (last error: {after.LastError}) |  |";
        }

        return $"| chain listener catch-up (Sync → direct offers and trades recorded) | {o.DirectTrades} direct offers + {o.DirectTrades} trades " +
               $"({head - headBefore} blocks, sent in {sendSeconds:F1} s); listener {lagBefore} blocks behind | " +
               $"{offers} offers + {trades} trades recorded {seconds:F2} s after Sync was called (the Sync call itself {syncSeconds:F2} s); " +
               $"before that, the first Sync over the {initialBlocks} blocks since deployment (deploy, funding, parts 1-2) took {initialSeconds:F2} s | " +
               $"**{(offers + trades) / seconds:F0} events/s** |";
    }

    private static ChainOptions ClientOptions(string rpcUrl, long chainId, string key, TimeSpan receiptPoll)
    {
        var options = new ChainOptions { RpcUrl = rpcUrl, ChainId = chainId, PrivateKey = key };
        options.Settings.Network = "hardhat";
        options.Settings.ReceiptPollInterval = receiptPoll;
        return options;
    }

    private static string Address(string key) => new EthECKey(key).GetPublicAddress();

    private static async Task<long> HeadAsync(Web3 web3) => (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

    private static async Task<bool> UntilAsync(Func<Task<bool>> done, string what, TimeSpan timeout, bool throwOnTimeout = true)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (await done())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return throwOnTimeout ? throw new TimeoutException($"Timed out after {timeout} waiting for {what}.") : false;
    }
}

/// <summary>
/// Hardhat's well-known dev accounts (from the public mnemonic "test test ... junk"). DEV CONFIGURATION ONLY: these
/// keys are published, funded only on local dev chains, and the benchmark refuses to run on any chain but 31337.
/// </summary>
public static class HardhatDevKeys
{
    /// <summary>Account #0: deploys the contracts and is the server's operator.</summary>
    public const string Operator = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /// <summary>Accounts #1-#9: buyers' own wallets, each linked to one server user (part 1).</summary>
    public static readonly string[] Buyers =
    [
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ];

    /// <summary>Accounts #10-#14: sellers offering directly on the contract, unknown to the server (part 3).</summary>
    public static readonly string[] DirectSellers =
    [
        "0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897",
        "0x701b615bbdfb9de65240bc28bd21bbc0d996645a3dd57e7b12bc2bdf6f192c82",
        "0xa267530f49f8280200edf313ee7af6b827f2a8bce2897751d06a843f644967b1",
        "0x47c99abed3324a2707c28affff1267e45918ec8c3f20b8aa892e8b065d2942dd",
        "0xc526ee95bf44d8fc405a158bb884d9d1238d99f0612e9f33d006bb0789009aaa",
    ];

    /// <summary>Accounts #15-#19: buyers trading directly on the contract (part 3).</summary>
    public static readonly string[] DirectBuyers =
    [
        "0x8166f546bab6da521a8369cab06c5d2b9e46670292d85c875ee9ec20e84ffb61",
        "0xea6c44ac03bff858b476bba40716402b03e41b8e97e276d1baec7c37d42484a0",
        "0x689af8efa8c651a91ad287602527f3af2fe9f6501a7ac4b061667b5a93e037fd",
        "0xde9be858da4a475276426320d5e9262ecfc3ba460bfac56360bfa6c4c28b4ee0",
        "0xdf57089febbacf7ba0bc227dafbffa9fc08a93fdc68e1e42411a14efcf23656e",
    ];
}
