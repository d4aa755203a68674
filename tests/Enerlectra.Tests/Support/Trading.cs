using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Meters;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Wallets;
using Xunit;

namespace Enerlectra.Tests.Support;

/// <summary>Shorthands for driving the grains the way the gateway does.</summary>
public sealed class Trading(IClusterClient client)
{
    public IWalletGrain Wallet(string userId) => client.GetGrain<IWalletGrain>(userId);

    public IOfferGrain Offer(Guid offerId) => client.GetGrain<IOfferGrain>(offerId);

    public IPaymentGrain Trade(Guid tradeId) => client.GetGrain<IPaymentGrain>(tradeId);

    public IPlatformAccountGrain Platform(string marketId) => client.GetGrain<IPlatformAccountGrain>(marketId);

    public IMeterGrain Meter(string meterId) => client.GetGrain<IMeterGrain>(meterId);

    public async Task<string> SellerWithAsync(long generatedWh)
    {
        var seller = Names.User("seller");
        await MeterAsync(seller, generatedWh);
        return seller;
    }

    /// <summary>
    /// Credits generation as production does: a fresh meter registered for the user (as an operator would),
    /// commissioned two hours ago with a capacity of <paramref name="generatedWh"/> W, reports it one hour later.
    /// </summary>
    public async Task<WalletSnapshot> MeterAsync(string userId, long generatedWh)
    {
        var meter = Meter(Names.User("meter"));
        var commissionedAt = DateTimeOffset.UtcNow.AddHours(-2);
        await meter.RegisterAsync(new RegisterMeterCommand(userId, Math.Max(generatedWh, 1), commissionedAt, "operator"));
        return await meter.RecordReadingAsync(new MeterReading(userId, "reading-1", generatedWh, commissionedAt.AddHours(1)));
    }

    public async Task<OfferSnapshot> OfferAsync(string seller, long energyWh, long price, string marketId, TimeSpan? lifetime = null)
    {
        var command = new CreateOfferCommand(seller, energyWh, price, DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromDays(1)), true, marketId);
        return await Offer(Guid.NewGuid()).CreateAsync(command);
    }

    public static TradeRequest Request(Guid offerId, string buyer, long energyWh, string payer, string? key = null) =>
        new(offerId, buyer, energyWh, payer, MobileNetwork.Mtn, PaymentMethod.MobileMoney, key);

    public Task<TradeSnapshot> BuyAsync(Guid offerId, string buyer, long energyWh, string payer) =>
        Trade(Guid.NewGuid()).StartAsync(Request(offerId, buyer, energyWh, payer));

    public Task<TradeSnapshot> FinalAsync(Guid tradeId, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            () => Trade(tradeId).GetAsync(),
            t => t.Status is TradeStatus.Completed or TradeStatus.Failed,
            $"trade {tradeId} to finish",
            timeout);

    public static async Task<TradingException> RefusedAsync(Func<Task> act, ErrorKind kind, string? field)
    {
        // The exact type matters: the gateway maps TradingException (Kind, Field) to a gRPC status and a field error.
        var ex = await Assert.ThrowsAsync<TradingException>(act);
        Assert.Equal(kind, ex.Kind);
        Assert.Equal(field, ex.Field);
        return ex;
    }
}
