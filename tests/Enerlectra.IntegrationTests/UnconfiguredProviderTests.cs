using Enerlectra.Api.V1;
using Enerlectra.IntegrationTests.Support;
using Grpc.Core;

namespace Enerlectra.IntegrationTests;

/// <summary>
/// A provider whose section is not configured is simply not registered: the server still starts (its client would
/// otherwise fail option validation at start), the other providers work, and its numbers are refused up front.
/// </summary>
public sealed class UnconfiguredProviderTests
{
    [Fact]
    public async Task Numbers_of_an_unconfigured_provider_are_refused_while_the_others_trade()
    {
        await using var sandbox = await OwnSandbox.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(externalSandbox: sandbox.Settings, extra: new Dictionary<string, string?>
        {
            ["MobileMoney:Zamtel:BaseUrl"] = "",
            ["MobileMoney:Zamtel:ApiKey"] = "",
        });
        var api = gateway.Api;
        var market = new Market(api);
        var (_, _, offer) = await market.SellerWithOfferAsync(10_000, 5_000, 1_000);
        var buyerId = ApiClients.NewUserId("buyer");
        var buyerToken = await api.TokenAsync(buyerId);
        var zamtel = ApiClients.ZamtelPhone();

        // Such a number cannot even be linked (nobody could verify it), and so cannot pay.
        var error = await Assert.ThrowsAsync<RpcException>(async () => await api.Wallets.SetPhoneAsync(
            new SetPhoneRequest { UserId = buyerId, PhoneNumber = zamtel }, buyerToken));
        Assert.Equal((StatusCode.FailedPrecondition, "phoneNumber"), (error.StatusCode, error.Trailers.GetValue("field")));
        Assert.Contains("Zamtel Kwacha numbers are not available", error.Status.Detail);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = zamtel, EnergyWh = 1_000 }, buyerToken));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        var untouched = await api.Offers.GetOfferAsync(new GetOfferRequest { OfferId = offer.OfferId });
        Assert.Equal((5_000L, 0L), (untouched.RemainingWh, untouched.PendingWh));
        Assert.Equal(0, (await sandbox.Control.CollectionLedgerAsync("zamtel")).Total.Count);

        // Airtel is configured (against this sandbox, which sends it no callbacks): verified and completed by polling.
        var airtelPhone = ApiClients.AirtelPhone();
        await api.LinkVerifiedPhoneAsync(buyerId, buyerToken, airtelPhone);
        var airtel = await api.Trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = airtelPhone, EnergyWh = 1_000 }, buyerToken);
        Assert.Equal("completed", (await api.WaitForFinalAsync(airtel.TradeId, buyerToken)).Status);
        var ledger = await sandbox.Control.CollectionLedgerAsync("airtel");
        Assert.Equal(((1, 1_000L), (1, ApiClients.VerificationNgwee)), (ledger.Total.Payments, ledger.Total.Verifications));
    }
}
