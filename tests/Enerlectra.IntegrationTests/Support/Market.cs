using Enerlectra.Api.V1;
using Grpc.Core;

namespace Enerlectra.IntegrationTests.Support;

/// <summary>
/// A market of its own per test, so its event sequence and offer list belong to that test alone: one of the fresh
/// markets the test gateway was configured with (markets exist only when configured).
/// </summary>
public sealed class Market(ApiClients api)
{
    public string Id { get; } = api.Markets.Take();

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

    /// <summary>
    /// A new buyer with a verified <paramref name="phone"/> buys 2 kWh of a new seller's offer (5 kWh at 1,000 ngwee)
    /// in this market; returns the trade as started and the buyer's token.
    /// </summary>
    public async Task<(Trade Trade, Metadata BuyerToken)> BuyAsync(string phone)
    {
        var (_, _, offer) = await SellerWithOfferAsync(10_000, 5_000, 1_000);
        var (_, buyerToken, verified) = await api.BuyerAsync(phone);
        var trade = await api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = verified, EnergyWh = 2_000 }, buyerToken);
        return (trade, buyerToken);
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
