using System.Net.Http.Json;
using System.Text.Json;
using Enerlectra.Api.V1;
using Enerlectra.Soak.Load;

namespace Enerlectra.Soak.Audit;

/// <summary>
/// The bots' side of the audit: every acknowledged order exists exactly once under its client order id (with the
/// order id it was acknowledged with), what the taker bought is what the maker and the households' offers sold, and the taker's deposit was
/// collected once.
/// </summary>
public sealed class BotAudit(SoakApi api, BotLoad bots, Uri sandbox)
{
    /// <param name="householdsSoldWh">What the households' offers (sell orders of the same book) sold to the bots.</param>
    public async Task<BotAuditResult> RunAsync(List<string> problems, long householdsSoldWh, CancellationToken cancellationToken)
    {
        var result = new BotAuditResult { Acknowledged = bots.Acknowledged.Count, Unanswered = bots.Unanswered };
        var filled = new Dictionary<string, long>();
        foreach (var bot in new[] { bots.Maker!, bots.Taker! })
        {
            var orders = new OrderService.OrderServiceClient(api.Channel);
            var listed = await api.CallAsync("audit", o => orders.ListOrdersAsync(new ListOrdersRequest { MarketId = "default", Status = "all", Limit = 1_000 }, o).ResponseAsync,
                cancellationToken, SoakApi.Bearer(bot.Token));
            var all = listed.Value?.Orders.ToList() ?? throw new InvalidOperationException($"The orders of {bot.UserId} could not be read: {listed.Error?.Status}");
            foreach (var twice in all.GroupBy(o => o.ClientOrderId).Where(g => g.Count() > 1))
            {
                result.Doubled++;
                problems.Add($"{bot.UserId}: client order id {twice.Key} is on {twice.Count()} orders");
            }

            var byClientId = all.GroupBy(o => o.ClientOrderId).ToDictionary(g => g.Key, g => g.First());
            foreach (var ((userId, clientOrderId), orderId) in bots.Acknowledged.Where(a => a.Key.UserId == bot.UserId))
            {
                if (!byClientId.TryGetValue(clientOrderId, out var order))
                {
                    result.Lost++;
                    problems.Add($"{userId}: acknowledged order {clientOrderId} ({orderId}) is not there");
                }
                else if (order.OrderId != orderId)
                {
                    result.Lost++;
                    problems.Add($"{userId}: order {clientOrderId} was acknowledged as {orderId} but is now {order.OrderId}");
                }
            }

            filled[bot.UserId] = all.Sum(o => o.FilledWh);
            result.Trades += all.Count(o => o.FilledWh > 0);
        }

        result.FilledWh = filled[bots.Maker!.UserId];
        if (filled[bots.Maker.UserId] + householdsSoldWh != filled[bots.Taker!.UserId])
        {
            problems.Add($"the maker sold {filled[bots.Maker.UserId]} Wh and households' offers {householdsSoldWh} Wh on the book, but the taker bought {filled[bots.Taker.UserId]} Wh");
        }

        using var http = new HttpClient { BaseAddress = sandbox };
        var deposit = await http.GetFromJsonAsync<JsonElement>($"/sandbox/{bots.Taker.Provider}/collections/{bots.DepositId}", cancellationToken);
        var completions = deposit.TryGetProperty("transaction", out var t) && t.ValueKind == JsonValueKind.Object ? t.GetProperty("completions").GetInt32() : 0;
        if (completions != 1)
        {
            result.Doubled += completions > 1 ? 1 : 0;
            problems.Add($"the taker's deposit was collected {completions} times");
        }

        return result;
    }
}

/// <summary>What the bots' audit found.</summary>
public sealed class BotAuditResult
{
    public int Acknowledged { get; set; }

    public int Unanswered { get; set; }

    public int Lost { get; set; }

    public int Doubled { get; set; }

    /// <summary>Orders that traded (maker's and taker's).</summary>
    public int Trades { get; set; }

    public long FilledWh { get; set; }
}
