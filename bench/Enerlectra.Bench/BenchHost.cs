using System.Net;
using System.Net.Sockets;
using Enerlectra.Api.V1;
using Enerlectra.Gateway;
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

    private BenchHost(WebApplication app, int grpcPort)
    {
        _app = app;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
            MaxReceiveMessageSize = null,
        });
    }

    public GrpcChannel Channel { get; }

    public static async Task<BenchHost> StartAsync(string? postgres, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var http = FreePort();
        var grpc = FreePort();
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
            ["Sandbox:Url"] = $"http://127.0.0.1:{FreePort()}",
            ["Sandbox:ApproveDelay"] = "00:00:00",
            ["Trading:CallbackBaseUrl"] = $"http://127.0.0.1:{http}",
            ["Trading:PaymentPollInterval"] = "00:00:00.5",
            // Production paces MTN status queries to 10/s per silo (MTN's limit), which alone would cap confirmed
            // MTN trades at 10/s; the sandbox has no such limit, so the bench measures the system, not the pacing.
            ["StatusQueries:MtnPerSecond"] = "100000",
            ["Auth:DevTokensEnabled"] = "true",
            ["Postgres:ConnectionString"] = postgres,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var app = GatewayApplication.Build([], overrides);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new BenchHost(app, grpc);
    }

    public async Task<Metadata> TokenAsync(string userId, params string[] roles)
    {
        var request = new IssueDevTokenRequest { UserId = userId };
        request.Roles.AddRange(roles);
        var reply = await new AuthService.AuthServiceClient(Channel).IssueDevTokenAsync(request);
        return new Metadata { { "authorization", $"Bearer {reply.AccessToken}" } };
    }

    /// <summary>Credits a user with generation, in readings of at most 1,000 kWh each.</summary>
    public async Task CreditAsync(Metadata meter, string userId, long wh)
    {
        var meters = new MeterService.MeterServiceClient(Channel);
        for (var i = 0; wh > 0; i++)
        {
            var step = Math.Min(wh, 1_000_000);
            await meters.RecordReadingAsync(new RecordReadingRequest { UserId = userId, ReadingId = $"bench-{Guid.NewGuid():N}", GeneratedWh = step }, meter);
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
