using System.Diagnostics;
using Enerlectra.Api.V1;
using Google.Protobuf.WellKnownTypes;

namespace Enerlectra.Bench;

/// <summary>
/// Offers created and cancelled per second over gRPC: each worker is one seller creating then cancelling. Offers are
/// sell orders of the market's book: the first offer moves the seller's energy from the wallet into the market, and
/// every later one (the energy came back with the cancel) is one journal append to create and one to cancel.
/// </summary>
public static class OfferChurnBenchmark
{
    public static async Task<string> RunAsync(BenchHost host, int workers, TimeSpan duration)
    {
        var offers = new OfferService.OfferServiceClient(host.Channel);
        var sellers = new List<(string Id, Grpc.Core.Metadata Token)>();
        for (var w = 0; w < workers; w++)
        {
            var id = $"churn-{w}-{Guid.NewGuid():N}"[..30];
            await host.CreditAsync(id, 1_000_000);
            sellers.Add((id, await host.TokenAsync(id)));
        }

        var expires = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1));
        var stopwatch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(sellers.Select(async seller =>
        {
            var done = 0;
            while (stopwatch.Elapsed < duration)
            {
                var offer = await offers.CreateOfferAsync(new CreateOfferRequest { EnergyWh = 1000, PricePerKwhNgwee = 200, ExpiresAt = expires }, seller.Token);
                await offers.CancelOfferAsync(new CancelOfferRequest { OfferId = offer.OfferId }, seller.Token);
                done++;
            }

            return done;
        }));
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var total = counts.Sum();
        return $"| offers created + cancelled over gRPC | {workers} sellers | {total} in {seconds:F1} s | **{total / seconds:F0} offers/s** ({2 * total / seconds:F0} calls/s) |";
    }
}
