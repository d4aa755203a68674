using System.Text;
using Enerlectra.Api.V1;
using Google.Protobuf;
using Grpc.Net.Client;

namespace Enerlectra.Fuzz;

/// <summary>
/// What must not change while hostile requests arrive: the seeded users' wallets, orders and purchase, the offers on
/// sale, the book, and the market ledger (its journal version, totals and balance). Read as each owner and an operator.
/// </summary>
public static class StateSnapshot
{
    public static async Task<IReadOnlyList<string>> TakeAsync(GrpcChannel channel, SeedState seed, string marketId, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        void Add(string what, IMessage message) => lines.Add(what + " " + JsonFormatter.Default.Format(message));

        var wallets = new WalletService.WalletServiceClient(channel);
        Add("seller wallet", await wallets.GetWalletAsync(new GetWalletRequest { UserId = seed.SellerId }, SeedSetup.Bearer(seed.SellerToken), cancellationToken: cancellationToken));
        Add("buyer wallet", await wallets.GetWalletAsync(new GetWalletRequest { UserId = seed.BuyerId }, SeedSetup.Bearer(seed.BuyerToken), cancellationToken: cancellationToken));
        Add("fuzz user wallet", await wallets.GetWalletAsync(new GetWalletRequest { UserId = seed.FuzzUserId }, SeedSetup.Bearer(seed.FuzzToken), cancellationToken: cancellationToken));

        var offers = new OfferService.OfferServiceClient(channel);
        Add("offer", await offers.GetOfferAsync(new GetOfferRequest { OfferId = seed.OfferId }, cancellationToken: cancellationToken));
        var page = "";
        do
        {
            var list = await offers.ListOffersAsync(new ListOffersRequest { MarketId = marketId, PageSize = 100, PageToken = page }, cancellationToken: cancellationToken);
            Add("offers", list);
            page = list.NextPageToken;
        }
        while (page.Length > 0);

        Add("trade", await new TradeService.TradeServiceClient(channel).GetTradeAsync(
            new GetTradeRequest { TradeId = seed.TradeId }, SeedSetup.Bearer(seed.BuyerToken), cancellationToken: cancellationToken));

        var orders = new OrderService.OrderServiceClient(channel);
        foreach (var (who, token) in new[] { ("seller", seed.SellerToken), ("buyer", seed.BuyerToken), ("fuzz user", seed.FuzzToken) })
        {
            Add(who + " orders", await orders.ListOrdersAsync(new ListOrdersRequest { MarketId = marketId, Status = "all" }, SeedSetup.Bearer(token), cancellationToken: cancellationToken));
        }

        Add("book", await new MarketDataService.MarketDataServiceClient(channel).GetBookAsync(new GetBookRequest { MarketId = marketId, Depth = 100 }, cancellationToken: cancellationToken));
        var ledger = await new OperatorService.OperatorServiceClient(channel).GetLedgerAsync(
            new GetLedgerRequest { MarketId = marketId }, SeedSetup.Bearer(seed.OperatorToken), cancellationToken: cancellationToken);
        ledger.CheckedAt = null; // when it was checked, not what it found
        Add("ledger", ledger);
        return lines;
    }

    /// <summary>The lines that differ, before → after.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var differences = new List<string>();
        for (var i = 0; i < Math.Max(before.Count, after.Count); i++)
        {
            var b = i < before.Count ? before[i] : "(nothing)";
            var a = i < after.Count ? after[i] : "(nothing)";
            if (b != a)
            {
                differences.Add(new StringBuilder().Append("before: ").Append(b).Append("\n  after: ").Append(a).ToString());
            }
        }

        return differences;
    }
}
