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
            // Most tests check sellers' earnings right after a sale; automatic payouts would move them on to the
            // seller's phone at a moment of their own. PayoutTests switches them on and checks that path.
            ["Payouts:Enabled"] = "false",
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
            // Scenario 0011 holds its first answer back beyond the clients' per-attempt timeout so they retry; short
            // values keep that test fast without changing what it proves.
            settings["Sandbox:SlowResponseDelay"] = "00:00:05";
            foreach (var provider in new[] { "Mtn", "Airtel", "Zamtel" })
            {
                settings[$"MobileMoney:{provider}:RequestTimeout"] = "00:00:03";
            }

            // Explicit, not derived: the test output folder also holds src/Silo's appsettings.json (it is a project
            // reference), whose MobileMoney:*:BaseUrl would otherwise win over the sandbox's own URL. The callback
            // URLs and the Airtel callback secret are left to the gateway's SandboxSetup, as in the default run.
            externalSandbox = SandboxOptionsView.From(sandboxUrl, new Enerlectra.Sandbox.SandboxOptions());
        }
        else
        {
            settings["Sandbox:Enabled"] = "false";
        }

        foreach (var (key, value) in externalSandbox.ClientSettings(":"))
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

/// <summary>The provider client settings (MTN, Airtel, Zamtel) that point at a sandbox, as configuration keys.</summary>
public sealed record SandboxOptionsView(
    Uri BaseAddress, string ApiUser, string ApiKey, string SubscriptionKey, string AirtelClientId, string AirtelClientSecret, string ZamtelApiKey)
{
    public static SandboxOptionsView From(Uri baseAddress, Enerlectra.Sandbox.SandboxOptions options) => new(
        baseAddress, options.ApiUser, options.ApiKey, options.SubscriptionKey, options.AirtelClientId, options.AirtelClientSecret, options.ZamtelApiKey);

    /// <summary>All three providers' client settings; <paramref name="separator"/> is ":" for configuration, "__" for environment variables.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ClientSettings(string separator)
    {
        string Key(string provider, string name) => string.Join(separator, "MobileMoney", provider, name);
        var url = BaseAddress.ToString().TrimEnd('/');
        yield return new(Key("Mtn", "BaseUrl"), url);
        yield return new(Key("Mtn", "ApiUser"), ApiUser);
        yield return new(Key("Mtn", "ApiKey"), ApiKey);
        yield return new(Key("Mtn", "SubscriptionKey"), SubscriptionKey);
        yield return new(Key("Airtel", "BaseUrl"), url);
        yield return new(Key("Airtel", "ClientId"), AirtelClientId);
        yield return new(Key("Airtel", "ClientSecret"), AirtelClientSecret);
        yield return new(Key("Zamtel", "BaseUrl"), url);
        yield return new(Key("Zamtel", "ApiKey"), ZamtelApiKey);
    }
}
