using Enerlectra.Api.V1;
using Enerlectra.Gateway;
using Enerlectra.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Enerlectra.ChainIntegration.Tests.Support;

/// <summary>
/// The real gateway (Kestrel, co-hosted silo, gRPC + JSON), built as Program.cs builds it, on free ports, with the
/// mobile money sandbox on and the deployed chain configured.
/// </summary>
public sealed class ChainGateway : IAsyncDisposable
{
    /// <summary>Short, so the expiry test waits seconds; long enough for a sign-and-send round trip.</summary>
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromSeconds(4);

    private const string SigningKey = "ZW5lcmxlY3RyYS1jaGFpbi10ZXN0cy1zaWduaW5nLWtleSE=";

    private readonly WebApplication _app;

    private ChainGateway(WebApplication app, int httpPort, int grpcPort, int sandboxPort)
    {
        _app = app;
        Sandbox = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sandboxPort}"), Timeout = TimeSpan.FromSeconds(30) };
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public GrpcChannel Channel { get; }

    public HttpClient Http { get; }

    /// <summary>The in-process mobile money sandbox's control API (/sandbox/{provider}/collections/...).</summary>
    public HttpClient Sandbox { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ChainGateway> StartAsync(IReadOnlyDictionary<string, string?> chainSettings)
    {
        var ports = FreePorts.Take(5);
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:HttpPort"] = ports[0].ToString(),
            ["Gateway:GrpcPort"] = ports[1].ToString(),
            ["Gateway:BindAddress"] = "127.0.0.1",
            ["Gateway:OrleansMode"] = "cohosted",
            ["Cluster:SiloPort"] = ports[2].ToString(),
            ["Cluster:GatewayPort"] = ports[3].ToString(),
            ["Auth:DevTokensEnabled"] = "true",
            ["Auth:SigningKey"] = SigningKey,
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:Url"] = $"http://127.0.0.1:{ports[4]}",
            ["Trading:CallbackBaseUrl"] = $"http://127.0.0.1:{ports[0]}",
            ["Payouts:Enabled"] = "false",
            ["WalletConnection:ChallengeLifetime"] = ChallengeLifetime.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
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

        return new ChainGateway(app, ports[0], ports[1], ports[4]);
    }

    /// <summary>A bearer token for <paramref name="userId"/> from the dev-token route, as metadata for gRPC calls.</summary>
    public async Task<Metadata> AuthAsync(string userId, params string[] roles)
    {
        var request = new IssueDevTokenRequest { UserId = userId };
        request.Roles.Add(roles);
        var token = await new AuthService.AuthServiceClient(Channel).IssueDevTokenAsync(request);
        return new Metadata { { "authorization", $"Bearer {token.AccessToken}" } };
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        Http.Dispose();
        Sandbox.Dispose();
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
}
