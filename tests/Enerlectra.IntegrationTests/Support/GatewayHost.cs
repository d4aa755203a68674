using Enerlectra.Gateway;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Enerlectra.IntegrationTests.Support;

/// <summary>
/// The real gateway (Kestrel, co-hosted silo, gRPC + JSON + callbacks), built exactly as Program.cs builds it, with
/// free ports and fast trading timings layered on top.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    /// <summary>Test-only HMAC key (32 bytes), fixed so tokens survive a gateway restart on the same database.</summary>
    public const string SigningKey = "ZW5lcmxlY3RyYS1pbnRlZ3JhdGlvbi10ZXN0cy1rZXkh";

    private readonly WebApplication _app;
    private bool _stopped;

    private GatewayHost(WebApplication app, int httpPort, int grpcPort, Uri? sandboxUrl)
    {
        _app = app;
        HttpPort = httpPort;
        GrpcPort = grpcPort;
        SandboxUrl = sandboxUrl;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(60) };
        Api = new ApiClients(Channel);
    }

    public int HttpPort { get; }

    public int GrpcPort { get; }

    /// <summary>The sandbox the gateway started itself (Sandbox:Enabled), or null when the test runs its own.</summary>
    public Uri? SandboxUrl { get; }

    public GrpcChannel Channel { get; }

    /// <summary>HTTP/1.1 client for the JSON routes, gRPC-Web and callbacks.</summary>
    public HttpClient Http { get; }

    public ApiClients Api { get; }

    /// <summary>
    /// Starts a gateway. <paramref name="externalSandbox"/>: point the MTN client at a sandbox the test owns (so it
    /// outlives gateway restarts); otherwise the gateway starts its own on a free port.
    /// </summary>
    public static async Task<GatewayHost> StartAsync(
        string? postgresConnectionString = null,
        SandboxOptionsView? externalSandbox = null,
        IReadOnlyDictionary<string, string?>? extra = null)
    {
        var ports = FreePorts.Take(5);
        int httpPort = ports[0], grpcPort = ports[1], siloPort = ports[2], siloGatewayPort = ports[3], sandboxPort = ports[4];
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:HttpPort"] = httpPort.ToString(),
            ["Gateway:GrpcPort"] = grpcPort.ToString(),
            ["Gateway:BindAddress"] = "127.0.0.1",
            ["Gateway:OrleansMode"] = "cohosted",
            ["Cluster:SiloPort"] = siloPort.ToString(),
            ["Cluster:GatewayPort"] = siloGatewayPort.ToString(),
            ["Auth:DevTokensEnabled"] = "true",
            ["Auth:SigningKey"] = SigningKey,
            ["Trading:CallbackBaseUrl"] = $"http://127.0.0.1:{httpPort}",
            ["Trading:PaymentPollInterval"] = "00:00:00.3",
            ["Trading:MaxPaymentPollInterval"] = "00:00:01",
            ["Trading:ReconcileReminderPeriod"] = "00:00:03",
            ["Trading:MarketSweepInterval"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
        };

        Uri? sandboxUrl = null;
        if (externalSandbox is null)
        {
            sandboxUrl = new Uri($"http://127.0.0.1:{sandboxPort}");
            settings["Sandbox:Enabled"] = "true";
            settings["Sandbox:Url"] = $"http://127.0.0.1:{sandboxPort}";
            settings["Sandbox:ApproveDelay"] = "00:00:00.3";
            // Explicit, not derived: the test output folder also holds src/Silo's appsettings.json (it is a project
            // reference), whose MobileMoney:Mtn:BaseUrl would otherwise win over the sandbox's own URL.
            var defaults = new Enerlectra.Sandbox.SandboxOptions();
            externalSandbox = new SandboxOptionsView(sandboxUrl, defaults.ApiUser, defaults.ApiKey, defaults.SubscriptionKey);
        }
        else
        {
            settings["Sandbox:Enabled"] = "false";
        }

        foreach (var (key, value) in externalSandbox.MtnClientSettings("MobileMoney:Mtn:"))
        {
            settings[key] = value;
        }

        if (postgresConnectionString is not null)
        {
            settings["Postgres:ConnectionString"] = postgresConnectionString;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
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

        return new GatewayHost(app, httpPort, grpcPort, sandboxUrl);
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
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>The MTN client settings that point at a sandbox, as configuration keys.</summary>
public sealed record SandboxOptionsView(Uri BaseAddress, string ApiUser, string ApiKey, string SubscriptionKey)
{
    public IEnumerable<KeyValuePair<string, string?>> MtnClientSettings(string prefix)
    {
        yield return new(prefix + "BaseUrl", BaseAddress.ToString().TrimEnd('/'));
        yield return new(prefix + "ApiUser", ApiUser);
        yield return new(prefix + "ApiKey", ApiKey);
        yield return new(prefix + "SubscriptionKey", SubscriptionKey);
    }
}
