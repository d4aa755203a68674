using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Meters;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.PhoneVerifications;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Exchange.Grains;
using Xunit;

namespace Enerlectra.Tests.Support;

/// <summary>Shorthands for driving the grains the way the gateway does.</summary>
public sealed class Trading(IClusterClient client)
{
    /// <summary>What verifying a number collects (and credits to the default market's balance): PhoneVerification:AmountNgwee's default.</summary>
    public const long VerificationNgwee = 100;

    public IWalletGrain Wallet(string userId) => client.GetGrain<IWalletGrain>(userId);

    public IOfferGrain Offer(Guid offerId) => client.GetGrain<IOfferGrain>(offerId);

    public IPaymentGrain Trade(Guid tradeId) => client.GetGrain<IPaymentGrain>(tradeId);

    public IPlatformAccountGrain Platform(string marketId) => client.GetGrain<IPlatformAccountGrain>(marketId);

    public IMeterGrain Meter(string meterId) => client.GetGrain<IMeterGrain>(meterId);

    /// <summary>A market's book and trading accounts (default: the "default" market, where verification amounts go).</summary>
    public IOrderBookGrain Book(string marketId = Ids.DefaultMarket) => client.GetGrain<IOrderBookGrain>(marketId);

    /// <summary>The user's money balance (available) in the default market: collected verification amounts, deposits.</summary>
    public async Task<long> BalanceAsync(string userId) => (await Book().GetAccountAsync(userId)).MoneyAvailableNgwee;

    /// <summary>
    /// A seller's energy as they see it: what they can still offer (their wallet's, and what the market's trading
    /// account holds after a cancelled or expired offer) and what their open offers hold there.
    /// </summary>
    public async Task<(long Available, long OnOffer)> EnergyAsync(string userId, string marketId)
    {
        var wallet = await Wallet(userId).GetAsync();
        var account = await Book(marketId).GetAccountAsync(userId);
        return (wallet.AvailableWh + account.EnergyAvailableWh, wallet.ReservedWh + account.EnergyReservedWh);
    }

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

    /// <summary>
    /// Links <paramref name="phone"/> to <paramref name="userId"/>'s wallet and waits until its verification was
    /// approved (the sandbox approves verifications of any number but the 0020-0023 endings): the one way to give a
    /// test user a phone to buy with or be paid out to. Fails at once, with the reason, if the verification fails.
    /// </summary>
    public async Task<WalletSnapshot> LinkVerifiedPhoneAsync(string userId, string phone, MobileNetwork? network = null)
    {
        var expected = ZambianMsisdn.Parse(phone, "phone");
        var wallet = Wallet(userId);
        await wallet.SetPhoneAsync(phone, network);
        var done = await Eventually.UntilAsync(
            () => wallet.GetAsync(),
            w => (w.PhoneNumber == expected.ToString() && w.PhoneNetwork == (network ?? expected.Network))
                 || w.PhoneVerification?.Status is PhoneVerificationStatus.Failed or PhoneVerificationStatus.Cancelled,
            $"{expected} to be verified for {userId}");
        if (done.PhoneNumber != expected.ToString())
        {
            throw new InvalidOperationException($"Verifying {expected} for {userId} ended {done.PhoneVerification?.Status}: {done.PhoneVerification?.FailureReason}");
        }

        return done;
    }

    /// <summary>A fresh buyer whose verified phone ends in <paramref name="ending"/> (which picks the sandbox scenario of its payments).</summary>
    public async Task<(string Buyer, string Payer)> BuyerAsync(string ending = "5000")
    {
        var buyer = Names.User("buyer");
        var payer = Names.Payer(ending);
        await LinkVerifiedPhoneAsync(buyer, payer);
        return (buyer, payer);
    }

    public static TradeRequest Request(Guid offerId, string buyer, long energyWh, string payer, string? key = null) =>
        new(offerId, buyer, energyWh, payer, MobileNetwork.Mtn, PaymentMethod.MobileMoney, key);

    /// <summary>Buys as the gateway would; <paramref name="payer"/> must be the buyer's verified phone (or "" for it).</summary>
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
