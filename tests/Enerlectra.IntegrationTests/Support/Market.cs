using Enerlectra.Api.V1;
using Grpc.Core;

namespace Enerlectra.IntegrationTests.Support;

/// <summary>A fresh market per test, so its event sequence and offer list belong to that test alone.</summary>
public sealed class Market(ApiClients api)
{
    public string Id { get; } = "m-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Opens the public market stream and proves it is live: a subscription made before the server has attached it
    /// would silently miss events, so probe offers are created until one shows up. Returns the stream and the probe's
    /// sequence number (a safe after_sequence for further streams).
    /// </summary>
    public async Task<(EventCollector Stream, long Sequence)> OpenLiveStreamAsync()
    {
        var prober = ApiClients.NewUserId("probe");
        await api.CreditGenerationAsync(prober, 100_000);
        var token = await api.TokenAsync(prober);
        var stream = new EventCollector(ct => api.Events.StreamMarketEvents(new StreamMarketEventsRequest { MarketId = Id }, cancellationToken: ct));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var probe = await api.CreateOfferAsync(token, 1_000, 100, Id);
            try
            {
                var seen = await stream.WaitForAsync(e => e.OfferId == probe.OfferId, "the probe offer", TimeSpan.FromSeconds(1));
                return (stream, seen.Sequence);
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                // Not subscribed yet; the next probe will tell.
            }
        }
    }

    /// <summary>A seller with generation credited, a verified phone, and one open offer in this market.</summary>
    public async Task<(string SellerId, Metadata Token, Offer Offer)> SellerWithOfferAsync(long generatedWh, long offerWh, long pricePerKwh)
    {
        var sellerId = ApiClients.NewUserId("seller");
        await api.CreditGenerationAsync(sellerId, generatedWh);
        var token = await api.TokenAsync(sellerId);
        await api.LinkVerifiedPhoneAsync(sellerId, token, ApiClients.MtnPhone());
        var offer = await api.CreateOfferAsync(token, offerWh, pricePerKwh, Id);
        return (sellerId, token, offer);
    }
}
