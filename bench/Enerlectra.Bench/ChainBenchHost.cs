using System.Net;
using System.Net.Sockets;
using Enerlectra.Api.V1;
using Enerlectra.Gateway;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Enerlectra.Bench;

/// <summary>
/// The real gateway (co-hosted silo, mobile money sandbox) on free loopback ports, configured for a deployed chain:
/// the same as <see cref="BenchHost"/> plus the chain settings the deploy tool writes and the operator key.
/// </summary>
public sealed class ChainBenchHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ChainBenchHost(WebApplication app, int grpcPort)
    {
        _app = app;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
            MaxReceiveMessageSize = null,
        });
    }

    public GrpcChannel Channel { get; }

    public static async Task<ChainBenchHost> StartAsync(IReadOnlyDictionary<string, string?> chainSettings)
    {
        var http = FreePort();
        var grpc = FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
            ["Gateway:HttpPort"] = http.ToString(),
            ["Gateway:GrpcPort"] = grpc.ToString(),
            ["Gateway:BindAddress"] = "127.0.0.1",
            ["Cluster:SiloPort"] = FreePort().ToString(),
            ["Cluster:GatewayPort"] = FreePort().ToString(),
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:Url"] = $"http://127.0.0.1:{FreePort()}",
            ["Sandbox:ApproveDelay"] = "00:00:00",
            ["Trading:CallbackBaseUrl"] = $"http://127.0.0.1:{http}",
            ["Payouts:Enabled"] = "false",
            ["Auth:DevTokensEnabled"] = "true",
        };
        foreach (var (key, value) in chainSettings)
        {
            settings[key] = value;
        }

        var app = GatewayApplication.Build([], settings);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new ChainBenchHost(app, grpc);
    }

    public async Task<Metadata> TokenAsync(string userId, params string[] roles)
    {
        var request = new IssueDevTokenRequest { UserId = userId };
        request.Roles.AddRange(roles);
        var reply = await new AuthService.AuthServiceClient(Channel).IssueDevTokenAsync(request);
        return new Metadata { { "authorization", $"Bearer {reply.AccessToken}" } };
    }

    /// <summary>Credits a user with generation (one reading of at most 1,000 kWh at a time).</summary>
    public async Task CreditAsync(Metadata meter, string userId, long wh)
    {
        var meters = new MeterService.MeterServiceClient(Channel);
        while (wh > 0)
        {
            var step = Math.Min(wh, 1_000_000);
            await meters.RecordReadingAsync(new RecordReadingRequest { UserId = userId, ReadingId = $"bench-{Guid.NewGuid():N}", GeneratedWh = step }, meter);
            wh -= step;
        }
    }

    public async Task<ChainSync> StatusAsync() =>
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
