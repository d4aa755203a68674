using System.Net;
using System.Net.Sockets;
using Enerlectra.Api.V1;
using Enerlectra.Gateway;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Enerlectra.Bench;

/// <summary>
/// The real gateway (co-hosted silo, sandbox approving at once) on free loopback ports, plus gRPC clients; with
/// <c>extra</c> settings (e.g. a deployed chain's) applied last.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchHost(WebApplication app, int grpcPort, int httpPort, Uri sandboxUrl)
    {
        _app = app;
        HttpPort = httpPort;
        SandboxUrl = sandboxUrl;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
            MaxReceiveMessageSize = null,
        });
    }

    public GrpcChannel Channel { get; }

    /// <summary>The gateway's services, its co-hosted silo's included (e.g. to fund trading accounts directly).</summary>
    public IServiceProvider Services => _app.Services;

    private Metadata? _operatorToken;

    /// <summary>HTTP/1.1: JSON routes and provider callbacks.</summary>
    public int HttpPort { get; }

    /// <summary>The gateway's own mobile money sandbox (its control API counts status queries).</summary>
    public Uri SandboxUrl { get; }

    public static async Task<BenchHost> StartAsync(string? postgres, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var http = FreePort();
        var grpc = FreePort();
        var sandbox = new Uri($"http://127.0.0.1:{FreePort()}");
        var overrides = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
            ["Gateway:HttpPort"] = http.ToString(),
            ["Gateway:BindAddress"] = "127.0.0.1",
            ["Gateway:GrpcPort"] = grpc.ToString(),
            ["Cluster:SiloPort"] = FreePort().ToString(),
            ["Cluster:GatewayPort"] = FreePort().ToString(),
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:Url"] = sandbox.ToString().TrimEnd('/'),
            ["Sandbox:ApproveDelay"] = "00:00:00",
            ["Trading:CallbackBaseUrl"] = $"http://127.0.0.1:{http}",
            ["Trading:PaymentPollInterval"] = "00:00:00.5",
            // Production paces MTN status queries to 10/s per silo (MTN's limit), which alone would cap confirmed
            // MTN trades at 10/s; the sandbox has no such limit, so the bench measures the system, not the pacing.
            ["StatusQueries:MtnPerSecond"] = "100000",
            // Likewise every callback comes from the sandbox's one address, at the trade rate; production's per-client
            // callback budget (sized for one provider) would turn the bench's callbacks into 429s and polling.
            ["CallbackRateLimit:PerClientPermits"] = "1000000",
            ["CallbackRateLimit:TotalPermits"] = "1000000",
            // All the bench's users come from one loopback address, and each churns offers far faster than a household
            // would: production's budgets per address (one NAT of households) and per user (100 changes/s) would
            // measure the policy, not the server, so the bench lifts them as it lifts MTN's pacing above.
            ["RateLimits:Mutations:PerClient"] = "1000000",
            ["RateLimits:Mutations:PerUser"] = "1000000",
            ["RateLimits:Reads:PerClient"] = "1000000",
            ["Auth:DevTokensEnabled"] = "true",
            ["Postgres:ConnectionString"] = postgres,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        // The bench runs the Development profile: dev tokens and the sandbox stand in for an identity provider and MTN.
        var app = GatewayApplication.Build([], overrides, "Development");
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new BenchHost(app, grpc, http, sandbox);
    }

    public async Task<Metadata> TokenAsync(string userId, params string[] roles)
    {
        var request = new IssueDevTokenRequest { UserId = userId };
        request.Roles.AddRange(roles);
        var reply = await new AuthService.AuthServiceClient(Channel).IssueDevTokenAsync(request);
        return new Metadata { { "authorization", $"Bearer {reply.AccessToken}" } };
    }

    /// <summary>
    /// Credits a user with generation as production does: an operator registers a fresh meter of 1 MW for the user,
    /// commissioned long enough ago that each hourly reading of at most 1,000 kWh fits what it can generate.
    /// </summary>
    public async Task CreditAsync(string userId, long wh)
    {
        const long capacityW = 1_000_000;
        var meterId = "bench-meter-" + Guid.NewGuid().ToString("N")[..12];
        var readings = (wh + capacityW - 1) / capacityW;
        var commissionedAt = DateTimeOffset.UtcNow.AddHours(-readings - 1);
        _operatorToken ??= await TokenAsync("bench-operator", "operator");
        await new MeterRegistryService.MeterRegistryServiceClient(Channel).RegisterMeterAsync(new RegisterMeterRequest
        {
            MeterId = meterId,
            UserId = userId,
            CapacityW = capacityW,
            CommissionedAt = Timestamp.FromDateTimeOffset(commissionedAt),
        }, _operatorToken);
        var meter = await TokenAsync(meterId, "meter");
        var meters = new MeterService.MeterServiceClient(Channel);
        for (var i = 1; wh > 0; i++)
        {
            var step = Math.Min(wh, capacityW);
            await meters.RecordReadingAsync(new RecordReadingRequest
            {
                UserId = userId,
                ReadingId = $"bench-{i}",
                GeneratedWh = step,
                ReadAt = Timestamp.FromDateTimeOffset(commissionedAt.AddHours(i)),
            }, meter);
            wh -= step;
        }
    }

    /// <summary>
    /// Links <paramref name="phone"/> to <paramref name="userId"/> and waits until its verification was approved (the
    /// sandbox approves it): trades collect mobile money only from a buyer's verified phone.
    /// </summary>
    public async Task LinkVerifiedPhoneAsync(string userId, Metadata token, string phone)
    {
        var wallets = new WalletService.WalletServiceClient(Channel);
        var linking = await wallets.SetPhoneAsync(new SetPhoneRequest { UserId = userId, PhoneNumber = phone }, token);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        for (var wallet = linking; wallet.PhoneNumber == ""; wallet = await wallets.GetWalletAsync(new GetWalletRequest { UserId = userId }, token))
        {
            if (wallet.PhoneVerification.Status is "failed" or "cancelled" || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Verifying {phone} for {userId}: {wallet.PhoneVerification.Status} {wallet.PhoneVerification.FailureReason}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>How far the server has followed the chain and how much mirroring is pending (chain runs only).</summary>
    public async Task<ChainSync> ChainSyncAsync() =>
        (await new BlockchainService.BlockchainServiceClient(Channel).GetStatusAsync(new BlockchainStatusRequest())).Data.Sync;

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
