using System.Net.Http.Json;
using System.Text.Json;
using Enerlectra.Api.V1;
using Enerlectra.Soak.Load;
using Enerlectra.Soak.Topology;

namespace Enerlectra.Soak.Audit;

/// <summary>
/// After the load stops and everything settles (bounded): every acknowledged trade completed exactly once or
/// definitely failed with nothing charged, the providers' books (the sandbox's ledgers) equal the server's wallets,
/// energy is conserved, nothing is left unresolved, and the market's double-entry ledger balances.
/// </summary>
public sealed class SoakAudit(SoakApi api, MarketLoad load, Uri sandbox, SoakChain? chain, SoakOptions options, TextWriter progress)
{
    private readonly HttpClient _sandbox = new() { BaseAddress = sandbox, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<AuditResult> RunAsync(CancellationToken cancellationToken)
    {
        var trades = await SettleTradesAsync(cancellationToken);
        var wallets = await SettleWalletsAsync(cancellationToken);
        var result = new AuditResult();
        var problems = result.Problems;

        // Trade by trade, against what the provider (and for wallet payments, the chain) really did with its reference.
        foreach (var (tradeId, buyer) in load.AcknowledgedTrades)
        {
            var trade = trades.GetValueOrDefault(tradeId);
            var record = await CollectionAsync(buyer.Provider, tradeId, cancellationToken);
            var completions = record?.TryGetProperty("completions", out var c) == true ? c.GetInt32() : 0;
            var status = record?.TryGetProperty("status", out var s) == true ? s.GetString() : null;
            var onChain = buyer.PaysFromWallet && chain is not null && await chain.IsTradeRecordedAsync(tradeId);
            var byWallet = trade?.PaymentMethod == "blockchain" || (trade is null && buyer.PaysFromWallet);
            var tally = byWallet ? result.Wallet : result.Mobile;
            tally.Acknowledged++;
            if (trade?.FallbackReason is { Length: > 0 })
            {
                result.FellBack++;
            }

            if (completions > 1 || (completions > 0 && onChain))
            {
                tally.Doubled++;
                problems.Add($"trade {tradeId}: charged {completions} times by the provider{(onChain ? " and paid on the chain" : "")}");
            }

            switch (trade?.Status)
            {
                case "completed" when byWallet && onChain && completions == 0:
                case "completed" when !byWallet && completions == 1 && status == "SUCCESSFUL" && !onChain:
                    tally.Completed++;
                    break;
                case "completed":
                    tally.Lost++;
                    problems.Add($"trade {tradeId}: completed by {trade.PaymentMethod}, but the provider's record says {status ?? "nothing"} ({completions} charges) and the chain {(onChain ? "has" : "has no")} payment");
                    break;
                case "failed" when completions == 0 && !onChain:
                    tally.FailedCleanly++;
                    break;
                case "failed":
                    tally.Lost++;
                    problems.Add($"trade {tradeId}: failed, but {(onChain ? "the wallet paid on the chain" : $"{buyer.Phone} was charged ({status})")}");
                    break;
                case null:
                    tally.Lost++;
                    problems.Add($"trade {tradeId}: acknowledged, but the server no longer knows it");
                    break;
                default:
                    tally.Stuck++;
                    var approval = load.Approvals.TryGetValue(tradeId, out var a) ? $"; payer's approval: {a}" : "";
                    problems.Add($"trade {tradeId}: still {trade.Status} ({trade.PaymentStatus}, {trade.PaymentMethod}) {options.SettleTimeout.TotalSeconds:0} s after the load stopped; "
                        + $"{buyer.Provider} payer ending {buyer.Scenario}, the provider's record: {status ?? "none"}{(buyer.PaysFromWallet ? $", on the chain: {onChain}" : "")}{approval}");
                    break;
            }
        }

        var completed = trades.Values.Where(t => t.Status == "completed").ToList();
        if (chain is not null)
        {
            await AuditMirrorAsync(completed, result, cancellationToken);
        }

        var unansweredTrades = load.UnansweredTrades;

        // Buyers: what each was charged by the provider, what the server says they spent, what their trades add up to.
        foreach (var buyer in load.Buyers)
        {
            var charged = await ChargedAsync(buyer, cancellationToken);
            var wallet = wallets[buyer.UserId];
            var mine = completed.Where(t => t.BuyerId == buyer.UserId).ToList();
            // What the buyer's own wallet paid on the chain: the payment token it no longer holds.
            var paidOnChain = buyer.PaysFromWallet && chain is not null ? MarketLoad.WalletTokensNgwee - await chain.TokenBalanceAsync(buyer.WalletAddress!) : 0;
            Check(problems, charged + paidOnChain == wallet.SpentNgwee,
                $"{buyer.UserId}: the provider collected {charged} ngwee and the wallet paid {paidOnChain} on the chain; the server says {wallet.SpentNgwee} spent");
            Check(problems, paidOnChain == mine.Where(t => t.PaymentMethod == "blockchain").Sum(t => t.AmountNgwee),
                $"{buyer.UserId}: paid {paidOnChain} ngwee on the chain, its completed wallet trades add up to {mine.Where(t => t.PaymentMethod == "blockchain").Sum(t => t.AmountNgwee)}");
            result.PaidOnChainNgwee += paidOnChain;
            if (unansweredTrades == 0)
            {
                Check(problems, mine.Sum(t => t.AmountNgwee) == wallet.SpentNgwee, $"{buyer.UserId}: completed trades add up to {mine.Sum(t => t.AmountNgwee)} ngwee, the wallet says {wallet.SpentNgwee}; its trades: "
                    + string.Join(", ", trades.Values.Where(t => t.BuyerId == buyer.UserId).Select(t => $"{t.TradeId} ({t.IdempotencyKey}) {t.Status} {t.EnergyWh} Wh {t.AmountNgwee} ngwee")));
                Check(problems, mine.Sum(t => t.EnergyWh) == wallet.BoughtWh, $"{buyer.UserId}: completed trades bought {mine.Sum(t => t.EnergyWh)} Wh, the wallet holds {wallet.BoughtWh}");
            }

            result.CollectedNgwee += charged;
        }

        // Sellers: energy conserved, earnings equal to their sales, payouts equal to what the provider paid them.
        foreach (var seller in load.Sellers)
        {
            var wallet = wallets[seller.UserId];
            var paid = await PaidOutAsync(seller, cancellationToken);
            var sold = completed.Where(t => t.SellerId == seller.UserId).ToList();
            // Offers are sell orders of the book: what the bots bought of them is sold too, though not as a household trade.
            var offersFilledWh = await OffersFilledAsync(seller, cancellationToken);
            var soldOnBookWh = offersFilledWh - sold.Sum(t => t.EnergyWh);
            Check(problems, soldOnBookWh >= 0, $"{seller.UserId}: its offers filled {offersFilledWh} Wh, less than its {sold.Sum(t => t.EnergyWh)} Wh of completed trades");
            result.HouseholdsSoldOnBookWh += soldOnBookWh;
            Check(problems, paid == wallet.PaidOutNgwee, $"{seller.UserId}: the provider paid out {paid} ngwee, the wallet says {wallet.PaidOutNgwee}");
            Check(problems, wallet.PayoutPendingNgwee == 0, $"{seller.UserId}: {wallet.PayoutPendingNgwee} ngwee still being paid out");
            var acknowledgedWh = load.AcknowledgedGenerationWh.GetValueOrDefault(seller.UserId);
            Check(problems, wallet.GeneratedWh >= acknowledgedWh, $"{seller.UserId}: {acknowledgedWh} Wh of readings were acknowledged, the wallet counts {wallet.GeneratedWh}");
            if (unansweredTrades == 0)
            {
                Check(problems, wallet.GeneratedWh == wallet.AvailableWh + wallet.ReservedWh + offersFilledWh,
                    $"{seller.UserId}: generated {wallet.GeneratedWh} Wh but holds {wallet.AvailableWh} + reserved {wallet.ReservedWh} + sold {offersFilledWh} ({soldOnBookWh} of it to bots on the book)");
                Check(problems, wallet.EarningsNgwee + wallet.PayoutPendingNgwee + wallet.PaidOutNgwee == sold.Sum(t => t.SellerNetNgwee),
                    $"{seller.UserId}: sales net {sold.Sum(t => t.SellerNetNgwee)} ngwee, the wallet has {wallet.EarningsNgwee} + {wallet.PayoutPendingNgwee} pending + {wallet.PaidOutNgwee} paid out");
            }

            result.PaidOutNgwee += paid;
        }

        var bearer = SoakApi.Bearer(load.OperatorToken);
        var ledger = await api.CallAsync("audit", o => api.Operator.GetLedgerAsync(new GetLedgerRequest { MarketId = "default" }, o).ResponseAsync, cancellationToken, bearer);
        result.LedgerBalanced = ledger.Value is { Balanced: true, Differences.Count: 0 };
        Check(problems, result.LedgerBalanced, "the market ledger check: " + (ledger.Value is { } l ? string.Join("; ", l.Differences) : ledger.Error?.Status.ToString()));
        result.Unresolved = await SettleUnresolvedAsync(bearer, cancellationToken);
        Check(problems, result.Unresolved == 0, $"{result.Unresolved} payments or payouts still unresolved {options.SettleTimeout.TotalSeconds:0} s after the load stopped");
        return result;
    }

    /// <summary>
    /// The chain's public record: once the mirror queue has drained (bounded), every completed mobile money trade is
    /// recorded on its offer's mirror, and no mirror step was given up.
    /// </summary>
    /// <summary>Everything the seller's offers sold: to households directly, and to bots' buy orders on the book.</summary>
    private async Task<long> OffersFilledAsync(Household seller, CancellationToken cancellationToken)
    {
        var orders = new OrderService.OrderServiceClient(api.Channel);
        var listed = await api.CallAsync("audit", o => orders.ListOrdersAsync(new ListOrdersRequest { MarketId = "default", Status = "all", Limit = 1_000 }, o).ResponseAsync,
            cancellationToken, SoakApi.Bearer(seller.Token));
        var all = listed.Value?.Orders ?? throw new InvalidOperationException($"The orders of {seller.UserId} could not be read: {listed.Error?.Status}");
        return all.Where(o => o.OfferId != "").Sum(o => o.FilledWh);
    }

    private async Task AuditMirrorAsync(List<Trade> completed, AuditResult result, CancellationToken cancellationToken)
    {
        var problems = result.Problems;
        var status = new BlockchainService.BlockchainServiceClient(api.Channel);
        var deadline = DateTimeOffset.UtcNow + options.SettleTimeout;
        ChainSync? sync;
        while (true)
        {
            sync = (await api.CallAsync("audit", o => status.GetStatusAsync(new BlockchainStatusRequest(), o).ResponseAsync, cancellationToken)).Value?.Data?.Sync;
            if (sync is { PendingMirrorJobs: 0 } || DateTimeOffset.UtcNow > deadline)
            {
                break;
            }

            progress.WriteLine($"[soak] settling: {sync?.PendingMirrorJobs} steps still to be written on the chain");
            await Task.Delay(2_000, cancellationToken);
        }

        Check(problems, sync is { PendingMirrorJobs: 0 }, $"{sync?.PendingMirrorJobs} steps still not written on the chain {options.SettleTimeout.TotalSeconds:0} s after the load stopped");
        Check(problems, sync is { MirrorJobsGivenUp: 0 }, $"{sync?.MirrorJobsGivenUp} steps given up writing on the chain (last: {sync?.LastError})");
        var byMobileMoney = completed.Where(t => t.PaymentMethod == "mobile_money").ToList();
        foreach (var trade in byMobileMoney)
        {
            if (!await chain!.IsMobileMoneyTradeRecordedAsync(trade.TradeId))
            {
                result.MirrorMissing++;
                problems.Add($"trade {trade.TradeId}: completed by mobile money but not recorded on the chain");
            }
        }

        result.MirrorChecked = byMobileMoney.Count;
    }

    private static void Check(List<string> problems, bool ok, string problem)
    {
        if (!ok)
        {
            problems.Add(problem);
        }
    }

    private async Task<Dictionary<string, Trade>> SettleTradesAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + options.SettleTimeout;
        var final = new Dictionary<string, Trade>();
        while (true)
        {
            foreach (var (tradeId, buyer) in load.AcknowledgedTrades.Where(t => !final.ContainsKey(t.Key)))
            {
                var trade = await api.CallAsync("audit", o => api.Trades.GetTradeAsync(new GetTradeRequest { TradeId = tradeId }, o).ResponseAsync,
                    cancellationToken, SoakApi.Bearer(buyer.Token));
                if (trade.Value is { Status: "completed" or "failed" } done)
                {
                    final[tradeId] = done;
                }
                else if (trade.Value is { } pending && DateTimeOffset.UtcNow > deadline)
                {
                    final[tradeId] = pending;
                }
                else if (trade.Value is null && DateTimeOffset.UtcNow > deadline)
                {
                    break;
                }
            }

            var open = load.AcknowledgedTrades.Keys.Count(k => !final.ContainsKey(k) || final[k].Status is not ("completed" or "failed"));
            if (open == 0 || DateTimeOffset.UtcNow > deadline)
            {
                return final;
            }

            progress.WriteLine($"[soak] settling: {open} trades not final yet");
            await Task.Delay(2_000, cancellationToken);
        }
    }

    /// <summary>The reconciler's open payments, payouts and verifications, waited for until none is left (bounded).</summary>
    private async Task<int> SettleUnresolvedAsync(Grpc.Core.Metadata bearer, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + options.SettleTimeout;
        while (true)
        {
            var overview = await api.CallAsync("audit", o => api.Operator.GetPaymentOverviewAsync(new GetPaymentOverviewRequest { MaxListed = 5 }, o).ResponseAsync, cancellationToken, bearer);
            var unresolved = overview.Value?.Unresolved ?? -1;
            if (unresolved == 0 || DateTimeOffset.UtcNow > deadline)
            {
                return unresolved;
            }

            progress.WriteLine($"[soak] settling: {unresolved} payments or payouts not resolved yet");
            await Task.Delay(2_000, cancellationToken);
        }
    }

    private async Task<Dictionary<string, Wallet>> SettleWalletsAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + options.SettleTimeout;
        while (true)
        {
            var wallets = new Dictionary<string, Wallet>();
            foreach (var h in load.Sellers.Concat(load.Buyers))
            {
                var wallet = await api.CallAsync("audit", o => api.Wallets.GetWalletAsync(new GetWalletRequest { UserId = h.UserId }, o).ResponseAsync,
                    cancellationToken, SoakApi.Bearer(h.Token));
                wallets[h.UserId] = wallet.Value ?? throw new InvalidOperationException($"The wallet of {h.UserId} could not be read: {wallet.Error?.Status}");
            }

            var paying = wallets.Values.Count(w => w.PayoutPendingNgwee > 0);
            if (paying == 0 || DateTimeOffset.UtcNow > deadline)
            {
                return wallets;
            }

            progress.WriteLine($"[soak] settling: {paying} sellers still being paid out");
            await Task.Delay(2_000, cancellationToken);
        }
    }

    private async Task<JsonElement?> CollectionAsync(string provider, string tradeId, CancellationToken cancellationToken)
    {
        var json = await _sandbox.GetFromJsonAsync<JsonElement>($"/sandbox/{provider}/collections/{tradeId}", cancellationToken);
        return json.TryGetProperty("transaction", out var t) && t.ValueKind == JsonValueKind.Object ? t : null;
    }

    private async Task<long> ChargedAsync(Household buyer, CancellationToken cancellationToken)
    {
        var row = await PartyAsync($"/sandbox/{buyer.Provider}/collections/ledger", buyer.Phone, cancellationToken);
        return row is { } r ? r.GetProperty("totalNgwee").GetInt64() - r.GetProperty("verificationNgwee").GetInt64() : 0;
    }

    private async Task<long> PaidOutAsync(Household seller, CancellationToken cancellationToken)
    {
        var row = await PartyAsync($"/sandbox/{seller.Provider}/payouts/ledger", seller.Phone, cancellationToken);
        return row?.GetProperty("totalNgwee").GetInt64() ?? 0;
    }

    private async Task<JsonElement?> PartyAsync(string path, string phone, CancellationToken cancellationToken)
    {
        var json = await _sandbox.GetFromJsonAsync<JsonElement>(path, cancellationToken);
        var digits = phone.TrimStart('+');
        foreach (var party in json.GetProperty("parties").EnumerateArray())
        {
            if (party.GetProperty("msisdn").GetString() == digits)
            {
                return party;
            }
        }

        return null;
    }
}

/// <summary>What the audit found.</summary>
public sealed class AuditResult
{
    /// <summary>Trades paid (or to be paid) by mobile money, including wallet buyers' trades the server fell back on.</summary>
    public TradeTally Mobile { get; } = new();

    /// <summary>Trades paid from the buyer's own wallet on the chain.</summary>
    public TradeTally Wallet { get; } = new();

    /// <summary>Wallet buyers' trades the server moved to mobile money after a definite chain failure.</summary>
    public int FellBack { get; set; }

    public int Acknowledged => Mobile.Acknowledged + Wallet.Acknowledged;

    public int Lost => Mobile.Lost + Wallet.Lost;

    public int Doubled => Mobile.Doubled + Wallet.Doubled;

    public int Stuck => Mobile.Stuck + Wallet.Stuck;

    public long CollectedNgwee { get; set; }

    /// <summary>What bots' buy orders bought of the households' offers on the book.</summary>
    public long HouseholdsSoldOnBookWh { get; set; }

    public long PaidOnChainNgwee { get; set; }

    /// <summary>Completed mobile money trades looked up in the chain's record, and those missing from it.</summary>
    public int MirrorChecked { get; set; }

    public int MirrorMissing { get; set; }

    public long PaidOutNgwee { get; set; }

    public bool LedgerBalanced { get; set; }

    public int Unresolved { get; set; }

    public List<string> Problems { get; } = [];
}

/// <summary>Acknowledged trades of one payment method, by how they ended.</summary>
public sealed class TradeTally
{
    public int Acknowledged { get; set; }

    public int Completed { get; set; }

    public int FailedCleanly { get; set; }

    public int Lost { get; set; }

    public int Doubled { get; set; }

    public int Stuck { get; set; }
}
