using System.Threading;
using Enerlectra.Api.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace Enerlectra.IntegrationTests.Support;

/// <summary>The generated gRPC clients on one channel, plus the small steps every scenario repeats.</summary>
public sealed class ApiClients(GrpcChannel channel, TestMarkets markets)
{
    private static int _phoneCounter = Random.Shared.Next(0, 900);

    public AuthService.AuthServiceClient Auth { get; } = new(channel);
    public WalletService.WalletServiceClient Wallets { get; } = new(channel);
    public MeterService.MeterServiceClient Meters { get; } = new(channel);
    public MeterRegistryService.MeterRegistryServiceClient MeterRegistry { get; } = new(channel);
    public OfferService.OfferServiceClient Offers { get; } = new(channel);
    public TradeService.TradeServiceClient Trades { get; } = new(channel);
    public BlockchainService.BlockchainServiceClient Blockchain { get; } = new(channel);
    public MarketEventService.MarketEventServiceClient Events { get; } = new(channel);
    public OperatorService.OperatorServiceClient Operator { get; } = new(channel);
    public OrderService.OrderServiceClient Orders { get; } = new(channel);
    public MarketDataService.MarketDataServiceClient MarketData { get; } = new(channel);

    /// <summary>The gateway's configured test markets (see <see cref="Market"/>).</summary>
    public TestMarkets Markets { get; } = markets;

    public static string NewUserId(string role) => $"{role}-{Guid.NewGuid():N}"[..20];

    /// <summary>
    /// A fresh MTN number whose last four digits pick the sandbox scenario ("0001" reject, ...). The middle digits
    /// are unique per call, so the sandbox ledger's per-payer rows count one test's charges only.
    /// </summary>
    public static string MtnPhone(string ending = "5555") => Phone("96", ending);

    /// <summary>A fresh Airtel (097) number; see <see cref="MtnPhone"/>.</summary>
    public static string AirtelPhone(string ending = "5555") => Phone("97", ending);

    /// <summary>A fresh Zamtel (095) number; see <see cref="MtnPhone"/>.</summary>
    public static string ZamtelPhone(string ending = "5555") => Phone("95", ending);

    /// <summary>A fresh number on the network with this two-digit prefix ("96" MTN, "97" Airtel, "95" Zamtel).</summary>
    public static string Phone(string prefix, string ending = "5555")
    {
        var middle = Interlocked.Increment(ref _phoneCounter) % 1000;
        return $"+260{prefix}{middle:D3}{ending}";
    }

    public async Task<Metadata> TokenAsync(string userId, params string[] roles)
    {
        var request = new IssueDevTokenRequest { UserId = userId };
        request.Roles.AddRange(roles);
        var response = await Auth.IssueDevTokenAsync(request);
        return new Metadata { { "Authorization", $"Bearer {response.AccessToken}" } };
    }

    /// <summary>
    /// An operator registers a fresh meter for <paramref name="sellerId"/>, sized so that <paramref name="wh"/> fits
    /// its first interval, and the meter reports it (see <see cref="MeteredGeneration"/>).
    /// </summary>
    public Task<Wallet> CreditGenerationAsync(string sellerId, long wh) => MeteredGeneration.CreditAsync(channel, sellerId, wh);

    public async Task<Offer> CreateOfferAsync(Metadata seller, long wh, long pricePerKwh, string? marketId = null, string? idempotencyKey = null)
    {
        var request = new CreateOfferRequest
        {
            EnergyWh = wh,
            PricePerKwhNgwee = pricePerKwh,
            ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
            MarketId = marketId ?? string.Empty,
            IdempotencyKey = idempotencyKey ?? string.Empty,
        };
        return await Offers.CreateOfferAsync(request, seller);
    }

    /// <summary>Polls GetTrade until the trade is completed or failed.</summary>
    public Task<Trade> WaitForFinalAsync(string tradeId, Metadata caller, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            async () => await Trades.GetTradeAsync(new GetTradeRequest { TradeId = tradeId }, caller),
            t => t.Status is "completed" or "failed",
            $"trade {tradeId} to become final",
            timeout);

    /// <summary>Polls GetTrade until the provider has the payment and waits on the payer ("awaiting_approval").</summary>
    public Task<Trade> WaitUntilAwaitingApprovalAsync(string tradeId, Metadata caller) =>
        Eventually.UntilAsync(
            async () => await Trades.GetTradeAsync(new GetTradeRequest { TradeId = tradeId }, caller),
            t => t.PaymentStatus == "awaiting_approval",
            $"trade {tradeId} to be awaiting approval");

    public async Task<Wallet> WalletAsync(string userId, Metadata caller) =>
        await Wallets.GetWalletAsync(new GetWalletRequest { UserId = userId }, caller);

    /// <summary>What verifying a number collects (and credits to balance_ngwee, the default market's balance): PhoneVerification:AmountNgwee's default.</summary>
    public const long VerificationNgwee = 100;

    /// <summary>
    /// Links <paramref name="phone"/> to <paramref name="userId"/>'s wallet and waits until it is verified (the
    /// sandbox approves verifications of any number but the 0020-0023 endings): the one way to give a test user a
    /// phone to buy with or be paid out to, since trades and payouts use only the verified phone.
    /// </summary>
    public Task<Wallet> LinkVerifiedPhoneAsync(string userId, Metadata token, string phone, string? network = null) =>
        PhoneLinks.LinkVerifiedAsync(Wallets, userId, token, phone, network);

    /// <summary>A fresh buyer, their token, and their verified phone (<paramref name="phone"/>, e.g. <see cref="MtnPhone"/>).</summary>
    public async Task<(string Id, Metadata Token, string Phone)> BuyerAsync(string phone)
    {
        var id = NewUserId("buyer");
        var token = await TokenAsync(id);
        await LinkVerifiedPhoneAsync(id, token, phone);
        return (id, token, phone);
    }
}
