using Enerlectra.Gateway;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Enerlectra.Testing;

/// <summary>The five loopback ports one test gateway needs, picked together so they never collide.</summary>
public sealed record TestGatewayPorts(int Http, int Grpc, int Silo, int SiloGateway, int Sandbox)
{
    public static TestGatewayPorts Take()
    {
        var ports = FreePorts.Take(5);
        return new TestGatewayPorts(ports[0], ports[1], ports[2], ports[3], ports[4]);
    }

    public Uri SandboxUrl => new($"http://127.0.0.1:{Sandbox}");
}

/// <summary>
/// The real gateway (Kestrel, co-hosted silo, gRPC + JSON + callbacks, the mobile money sandbox on its own port), built
/// exactly as Program.cs builds it, on free loopback ports. Callers layer their own settings on top of the base ones.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    /// <summary>The Development profile's published HMAC key, fixed so tokens survive a gateway restart on the same database.</summary>
    public const string SigningKey = Enerlectra.Hosting.Profiles.DevelopmentValues.SigningKey;

    /// <summary>Test gateways run the Development profile (dev tokens, sandbox); production tests name theirs.</summary>
    public const string DevelopmentProfile = "Development";

    /// <summary>
    /// Test-only id key (32 bytes, not the development key), fixed so ids derived from idempotency keys and payout
    /// numbers stay the same across a gateway restart on the same database.
    /// </summary>
    public const string IdKey = "ZW5lcmxlY3RyYS1pbnRlZ3JhdGlvbi10ZXN0cy1pZHM=";

    private bool _stopped;

    private TestGateway(WebApplication app, TestGatewayPorts ports)
    {
        App = app;
        Ports = ports;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{ports.Grpc}");
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports.Http}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public TestGatewayPorts Ports { get; }

    public int HttpPort => Ports.Http;

    public int GrpcPort => Ports.Grpc;

    /// <summary>The port the gateway's own sandbox listens on when "Sandbox:Enabled" is left on.</summary>
    public int SandboxPort => Ports.Sandbox;

    public GrpcChannel Channel { get; }

    /// <summary>HTTP/1.1 client for the JSON routes, gRPC-Web and callbacks.</summary>
    public HttpClient Http { get; }

    /// <summary>The settings every test gateway starts from, before the caller's overrides.</summary>
    public static Dictionary<string, string?> BaseSettings(TestGatewayPorts ports) => new()
    {
        ["Gateway:HttpPort"] = ports.Http.ToString(),
        ["Gateway:GrpcPort"] = ports.Grpc.ToString(),
        ["Gateway:BindAddress"] = "127.0.0.1",
        ["Gateway:OrleansMode"] = "cohosted",
        ["Cluster:SiloPort"] = ports.Silo.ToString(),
        ["Cluster:GatewayPort"] = ports.SiloGateway.ToString(),
        ["Auth:DevTokensEnabled"] = "true",
        ["Auth:SigningKey"] = SigningKey,
        ["Security:IdKey"] = IdKey,
        ["Sandbox:Enabled"] = "true",
        ["Sandbox:Url"] = $"http://127.0.0.1:{ports.Sandbox}",
        ["Trading:CallbackBaseUrl"] = $"http://127.0.0.1:{ports.Http}",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Error",
    };

    /// <summary>
    /// Starts a gateway on <paramref name="ports"/> (fresh free ones when null) with <see cref="BaseSettings"/> and then
    /// <paramref name="overrides"/> applied on top.
    /// </summary>
    public static async Task<TestGateway> StartAsync(
        IReadOnlyDictionary<string, string?> overrides, TestGatewayPorts? ports = null, string environment = DevelopmentProfile)
    {
        ports ??= TestGatewayPorts.Take();
        var settings = BaseSettings(ports);
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var app = GatewayApplication.Build([], settings, environment);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new TestGateway(app, ports);
    }

    /// <summary>Stops the gateway gracefully (its silo leaves the cluster), as an operator's restart would.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        Channel.Dispose();
        Http.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await App.StopAsync(timeout.Token);
        }
        finally
        {
            await App.DisposeAsync();
        }
    }
}
