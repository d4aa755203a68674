using Enerlectra.Api.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace Enerlectra.Fuzz;

/// <summary>
/// Sets up the state the fuzzer later proves untouched, through the public API of a Development-profile server (dev
/// tokens, the sandbox approving payments): a seller with metered energy and an offer, and a buyer with a verified
/// phone and one completed purchase of part of it.
/// </summary>
public static class SeedSetup
{
    public static async Task<SeedState> RunAsync(FuzzOptions options, GrpcChannel channel, CancellationToken cancellationToken)
    {
        var run = $"{options.Seed}-{Guid.NewGuid().ToString("N")[..8]}";
        var (seller, buyer, fuzz, operatorId, meterId) = ($"fz-seller-{run}", $"fz-buyer-{run}", $"fz-user-{run}", $"fz-ops-{run}", $"fz-meter-{run}");
        var auth = new AuthService.AuthServiceClient(channel);
        async Task<string> Token(string subject, params string[] roles)
        {
            var request = new IssueDevTokenRequest { UserId = subject };
            request.Roles.Add(roles);
            return (await auth.IssueDevTokenAsync(request, cancellationToken: cancellationToken)).AccessToken;
        }

        var (sellerToken, buyerToken, fuzzToken, operatorToken, meterToken) =
            (await Token(seller), await Token(buyer), await Token(fuzz), await Token(operatorId, "operator"), await Token(meterId, "meter"));

        var commissioned = DateTimeOffset.UtcNow.AddHours(-2);
        await new MeterRegistryService.MeterRegistryServiceClient(channel).RegisterMeterAsync(
            new RegisterMeterRequest { MeterId = meterId, UserId = seller, CapacityW = 5_000, CommissionedAt = Timestamp.FromDateTimeOffset(commissioned) },
            Bearer(operatorToken), cancellationToken: cancellationToken);
        await new MeterService.MeterServiceClient(channel).RecordReadingAsync(
            new RecordReadingRequest { UserId = seller, ReadingId = "fz-" + run, GeneratedWh = 5_000, ReadAt = Timestamp.FromDateTimeOffset(commissioned.AddHours(1)) },
            Bearer(meterToken), cancellationToken: cancellationToken);

        var offer = await new OfferService.OfferServiceClient(channel).CreateOfferAsync(
            new CreateOfferRequest
            {
                SellerId = seller,
                EnergyWh = 4_000,
                PricePerKwhNgwee = 250,
                ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(2)),
                AcceptsMobileMoney = true,
                MarketId = options.MarketId,
            },
            Bearer(sellerToken), cancellationToken: cancellationToken);

        // An MTN number the sandbox approves (it reserves the endings 0020-0023 for failing verifications).
        var phone = $"+26096{Random.Shared.Next(1_000_000, 9_999_999)}";
        var wallets = new WalletService.WalletServiceClient(channel);
        await wallets.SetPhoneAsync(new SetPhoneRequest { UserId = buyer, PhoneNumber = phone }, Bearer(buyerToken), cancellationToken: cancellationToken);
        await UntilAsync(async () => (await wallets.GetWalletAsync(new GetWalletRequest { UserId = buyer }, Bearer(buyerToken), cancellationToken: cancellationToken)).PhoneNumber == phone,
            "the buyer's phone to be verified", cancellationToken);

        var trades = new TradeService.TradeServiceClient(channel);
        var trade = await trades.ExecuteTradeAsync(
            new ExecuteTradeRequest { OfferId = offer.OfferId, PhoneNumber = phone, PaymentMethod = "mobile_money", EnergyWh = 1_000, IdempotencyKey = "fz-" + run },
            Bearer(buyerToken), cancellationToken: cancellationToken);
        await UntilAsync(async () => (await trades.GetTradeAsync(new GetTradeRequest { TradeId = trade.TradeId }, Bearer(buyerToken), cancellationToken: cancellationToken)).Status == "completed",
            "the seeded purchase to complete", cancellationToken);

        return new SeedState(seller, buyer, fuzz, sellerToken, buyerToken, fuzzToken, operatorToken, offer.OfferId, trade.TradeId, phone);
    }

    public static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    private static async Task UntilAsync(Func<Task<bool>> done, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (!await done())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Setting up the fuzzer's state: waited 90 s for {what}.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}
