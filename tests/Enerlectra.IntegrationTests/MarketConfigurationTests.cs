using System.Net;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// Issue 8, item 10: anyone could create a market by naming it (each one a grain with a permanent reminder). Markets
/// are configured now; an unknown one is NOT_FOUND naming marketId on every route that takes one, and nothing is
/// created for it.
/// </summary>
public sealed class MarketConfigurationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private ApiClients Api => fixture.Api;

    private JsonCalls Json => new(fixture.Host.Http);

    [Fact]
    public async Task An_unknown_market_is_not_found_on_every_route_and_nothing_is_created_for_it()
    {
        var unknown = "m-unknown-" + Guid.NewGuid().ToString("N")[..8];
        var sellerId = ApiClients.NewUserId("seller");
        await Api.CreditGenerationAsync(sellerId, 10_000);
        var seller = await Api.TokenAsync(sellerId);
        var sellerJson = await Json.TokenAsync(sellerId);
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1);

        // gRPC
        await AssertNotFoundAsync(async () => await Api.Offers.CreateOfferAsync(
            new CreateOfferRequest { EnergyWh = 5_000, PricePerKwhNgwee = 100, ExpiresAt = Timestamp.FromDateTimeOffset(tomorrow), MarketId = unknown }, seller));
        await AssertNotFoundAsync(async () => await Api.Offers.ListOffersAsync(new ListOffersRequest { MarketId = unknown }));
        await AssertNotFoundAsync(async () => await FirstEventAsync(Api.Events.StreamMarketEvents(new StreamMarketEventsRequest { MarketId = unknown })));
        await AssertNotFoundAsync(async () => await FirstEventAsync(Api.Events.StreamUserEvents(new StreamUserEventsRequest { UserId = sellerId, MarketId = unknown }, seller)));

        // JSON
        JsonCalls.AssertError(await Json.SendAsync(HttpMethod.Post, "/api/offers", sellerJson,
            $$"""{"energyWh":5000,"pricePerKwhNgwee":100,"expiresAt":"{{tomorrow:yyyy-MM-ddTHH:mm:ssZ}}","marketId":"{{unknown}}"}"""), HttpStatusCode.NotFound, 5, "marketId");
        JsonCalls.AssertError(await Json.SendAsync(HttpMethod.Get, $"/api/offers?marketId={unknown}"), HttpStatusCode.NotFound, 5, "marketId");
        JsonCalls.AssertError(await Json.SendAsync(HttpMethod.Get, $"/api/market/events?marketId={unknown}"), HttpStatusCode.NotFound, 5, "marketId");
        JsonCalls.AssertError(await Json.SendAsync(HttpMethod.Get, $"/api/users/{sellerId}/events?marketId={unknown}", sellerJson), HttpStatusCode.NotFound, 5, "marketId");

        // Nothing was offered, and the market never came into being: no activation, no reminder.
        var wallet = await Api.WalletAsync(sellerId, seller);
        Assert.Equal((10_000L, 0L), (wallet.AvailableWh, wallet.ReservedWh));
        var grains = fixture.Host.Services.GetRequiredService<IGrainFactory>();
        var market = grains.GetGrain<IMarketGrain>(unknown);
        var active = await grains.GetGrain<IManagementGrain>(0).GetActiveGrains(market.GetGrainId().Type);
        Assert.DoesNotContain(market.GetGrainId(), active);
        Assert.Empty(await RemindersAsync(market));
    }

    [Fact]
    public async Task The_offer_grain_itself_refuses_an_unknown_market()
    {
        var sellerId = ApiClients.NewUserId("seller");
        await Api.CreditGenerationAsync(sellerId, 10_000);
        var grains = fixture.Host.Services.GetRequiredService<IGrainFactory>();
        var command = new CreateOfferCommand(sellerId, 5_000, 100, DateTimeOffset.UtcNow.AddDays(1), true, "m-unknown-" + Guid.NewGuid().ToString("N")[..8]);

        var refused = await Assert.ThrowsAsync<Abstractions.Errors.TradingException>(() => grains.GetGrain<IOfferGrain>(Guid.NewGuid()).CreateAsync(command));

        Assert.Equal((Abstractions.Errors.ErrorKind.NotFound, "marketId"), (refused.Kind, refused.Field));
        Assert.Equal(10_000L, (await Api.WalletAsync(sellerId, await Api.TokenAsync(sellerId))).AvailableWh);
    }

    [Fact]
    public async Task Configured_markets_trade_and_are_kept_alive_from_the_start()
    {
        // The last test market is one no test takes: only the start-up warm-up can have activated it.
        var grains = fixture.Host.Services.GetRequiredService<IGrainFactory>();
        Assert.Single(await RemindersAsync(grains.GetGrain<IMarketGrain>(fixture.Host.Markets.Ids[^1])));
        Assert.Single(await RemindersAsync(grains.GetGrain<IMarketGrain>("default")));

        var market = new Market(Api);
        var (_, _, offer) = await market.SellerWithOfferAsync(10_000, 2_000, 700);
        Assert.Equal(market.Id, offer.MarketId);
        var listed = await Api.Offers.ListOffersAsync(new ListOffersRequest { MarketId = market.Id });
        Assert.Equal([offer.OfferId], listed.Offers.Select(o => o.OfferId));

        // No market named: the default one.
        var (_, _, inDefault) = await DefaultOfferAsync();
        Assert.Equal("default", inDefault.MarketId);
    }

    private async Task<(string, Metadata, Offer)> DefaultOfferAsync()
    {
        var sellerId = ApiClients.NewUserId("seller");
        await Api.CreditGenerationAsync(sellerId, 5_000);
        var token = await Api.TokenAsync(sellerId);
        return (sellerId, token, await Api.CreateOfferAsync(token, 2_000, 700));
    }

    private async Task<IList<ReminderEntry>> RemindersAsync(IMarketGrain market) =>
        (await fixture.Host.Services.GetRequiredService<IReminderTable>().ReadRows(market.GetGrainId())).Reminders;

    private static async Task<Api.V1.MarketEvent> FirstEventAsync(AsyncServerStreamingCall<Api.V1.MarketEvent> call)
    {
        using (call)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            Assert.True(await call.ResponseStream.MoveNext(timeout.Token));
            return call.ResponseStream.Current;
        }
    }

    private static async Task AssertNotFoundAsync(Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(ex.StatusCode == StatusCode.NotFound, $"Expected NOT_FOUND, got {ex.StatusCode}: {ex.Status.Detail}");
        Assert.Equal("marketId", ex.Trailers.GetValue("field"));
        Assert.Contains("market", ex.Status.Detail, StringComparison.Ordinal);
    }
}
