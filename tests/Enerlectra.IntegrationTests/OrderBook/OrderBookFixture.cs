using Enerlectra.Exchange.Grains;
using Enerlectra.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Enerlectra.IntegrationTests.OrderBook;

/// <summary>A gateway with small per-user limits, so the order book's limits can be reached in a test.</summary>
public sealed class OrderBookFixture : GatewayFixture
{
    public const int MaxOpenOrders = 25;

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Markets:Rules:MaxOpenOrdersPerUser"] = MaxOpenOrders.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Puts money and energy in a user's trading account of a market, as a confirmed deposit and a transfer from the
    /// wallet would (this class tests trading, not funding).
    /// </summary>
    public async Task FundAsync(string marketId, string userId, long wh = 1_000_000, long ngwee = 10_000_000)
    {
        var book = Host.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrderBookGrain>(marketId);
        await book.CreditEnergyAsync(userId, wh, "fund-energy-" + Guid.NewGuid().ToString("N"));
        await book.DepositAsync(userId, ngwee, "fund-money-" + Guid.NewGuid().ToString("N"), "test");
    }
}
