using Grpc.Net.Client;

namespace Enerlectra.IntegrationTests.Support;

/// <summary>
/// The real gateway (<see cref="TestGateway"/>: Kestrel, co-hosted silo, gRPC + JSON + callbacks, built exactly as
/// Program.cs builds it, on free ports) with fast trading timings layered on top.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    /// <summary>Test-only HMAC key (32 bytes), fixed so tokens survive a gateway restart on the same database.</summary>
    public const string SigningKey = TestGateway.SigningKey;

    private readonly TestGateway _gateway;

    private GatewayHost(TestGateway gateway, Uri? sandboxUrl, TestMarkets markets)
    {
        _gateway = gateway;
        SandboxUrl = sandboxUrl;
        Markets = markets;
        Api = new ApiClients(Channel, markets);
    }

    public int HttpPort => _gateway.HttpPort;

    public int GrpcPort => _gateway.GrpcPort;

    /// <summary>The sandbox the gateway started itself (Sandbox:Enabled), or null when the test runs its own.</summary>
    public Uri? SandboxUrl { get; }

    public GrpcChannel Channel => _gateway.Channel;

    /// <summary>HTTP/1.1 client for the JSON routes, gRPC-Web and callbacks.</summary>
    public HttpClient Http => _gateway.Http;

    public ApiClients Api { get; }

    /// <summary>The markets this gateway is configured with besides "default"; each test takes its own.</summary>
    public TestMarkets Markets { get; }

    /// <summary>The gateway's services (its co-hosted silo's too), e.g. its <c>KeyedIds</c>, for looking behind the API.</summary>
    public IServiceProvider Services => _gateway.Services;

    /// <summary>
    /// Starts a gateway. <paramref name="externalSandbox"/>: point the MTN client at a sandbox the test owns (so it
    /// outlives gateway restarts); otherwise the gateway starts its own on a free port. <paramref name="ports"/>:
    /// ports picked beforehand (e.g. so a sandbox the test owns can send callbacks there); fresh free ones otherwise.
    /// <paramref name="markets"/>: the markets to configure besides "default"; by default a fresh set in memory, and
    /// none on a database (where each would leave a reminder row behind).
    /// </summary>
    public static async Task<GatewayHost> StartAsync(
        string? postgresConnectionString = null,
        SandboxOptionsView? externalSandbox = null,
        IReadOnlyDictionary<string, string?>? extra = null,
        TestGatewayPorts? ports = null,
        TestMarkets? markets = null)
    {
        markets ??= postgresConnectionString is null ? TestMarkets.Create() : TestMarkets.DefaultOnly;
        ports ??= TestGatewayPorts.Take();
        var settings = new Dictionary<string, string?>
        {
            ["Trading:PaymentPollInterval"] = "00:00:00.3",
            ["Trading:MaxPaymentPollInterval"] = "00:00:01",
            ["Trading:ReconcileReminderPeriod"] = "00:00:03",
            ["Trading:MarketSweepInterval"] = "00:00:01",
            // Most tests check sellers' earnings right after a sale; automatic payouts would move them on to the
            // seller's phone at a moment of their own. PayoutTests switches them on and checks that path.
            ["Payouts:Enabled"] = "false",
        };

        Uri? sandboxUrl = null;
        if (externalSandbox is null)
        {
            // TestGateway's base settings enable the gateway's own sandbox on ports.Sandbox.
            sandboxUrl = ports.SandboxUrl;
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
            // Sandbox:Url (set by the base settings) is only read when the sandbox is enabled.
            settings["Sandbox:Enabled"] = "false";
        }

        foreach (var (key, value) in externalSandbox.ClientSettings(":"))
        {
            settings[key] = value;
        }

        foreach (var (key, value) in markets.Settings(":"))
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

        return new GatewayHost(await TestGateway.StartAsync(settings, ports), sandboxUrl, markets);
    }

    /// <summary>Stops the gateway gracefully (its silo leaves the cluster), as an operator's restart would.</summary>
    public ValueTask DisposeAsync() => _gateway.DisposeAsync();
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
