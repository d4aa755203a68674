using System.Net;
using Enerlectra.Sandbox;

namespace Enerlectra.Soak.Topology;

/// <summary>
/// The production topology on one machine: two silos (src/Silo) on PostgreSQL membership, grain state and reminders;
/// a gateway (src/Gateway) in client mode; the mobile money sandbox behind a <see cref="FaultProxy"/>. Each process
/// runs the Development profile for its sandbox credentials and dev tokens, with PostgreSQL configured, so everything
/// durable is in the database exactly as in production.
/// </summary>
public sealed class SoakCluster : IAsyncDisposable
{
    // The Development profile's published Airtel callback key: the sandbox signs with it, the gateway checks it.
    private const string AirtelCallbackSecret = "soak-airtel-callback-secret";

    private readonly SoakOptions _options;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private MobileMoneySandbox? _sandbox;

    public SoakCluster(SoakOptions options)
    {
        _options = options;
        Database = new PostgresControl(options.Postgres, options.PostgresDataDirectory);
        var port = options.BasePort;
        SandboxPort = port;
        Providers = new FaultProxy(port + 1, new IPEndPoint(IPAddress.Loopback, port));
        GatewayHttp = new Uri($"http://127.0.0.1:{port + 2}");
        GatewayGrpc = new Uri($"http://127.0.0.1:{port + 3}");
        Silos = [NewSilo("silo-a", port + 4), NewSilo("silo-b", port + 7)];
        Gateway = NewGateway(port + 10);
        Chain = options.Chain is { } node ? new SoakChain(node, port + 12) : null;
    }

    /// <summary>The dev chain, when the soak runs with one.</summary>
    public SoakChain? Chain { get; }

    public PostgresControl Database { get; }

    public int SandboxPort { get; }

    /// <summary>The sandbox's own address (its control API), not through the proxy.</summary>
    public Uri SandboxAddress => new($"http://127.0.0.1:{SandboxPort}");

    public FaultProxy Providers { get; }

    public Uri GatewayHttp { get; }

    public Uri GatewayGrpc { get; }

    public IReadOnlyList<(ManagedProcess Process, Uri Health)> Silos { get; }

    public ManagedProcess Gateway { get; }

    private string ClusterId => "soak";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Database.RecreateAsync(cancellationToken);
        _sandbox = await MobileMoneySandbox.StartAsync(new SandboxOptions
        {
            Url = SandboxAddress.ToString().TrimEnd('/'),
            ApproveDelay = TimeSpan.FromSeconds(1),
            // Longer than the clients' timeout, so scenario 0011 makes them retry a request the provider already took.
            SlowResponseDelay = TimeSpan.FromSeconds(20),
            AirtelCallbackUrl = $"{GatewayHttp}api/callbacks/airtel/{{reference}}",
            ZamtelCallbackUrl = $"{GatewayHttp}api/callbacks/zamtel/{{reference}}",
            AirtelCallbackSecret = AirtelCallbackSecret,
        }, cancellationToken);
        Providers.Start();
        if (Chain is not null)
        {
            await Chain.DeployAsync(_options.LogDirectory, cancellationToken);
        }

        // The first silo creates the schema; the second joins once it is Active.
        Silos[0].Process.Start();
        await WaitHealthyAsync(Silos[0].Health, "silo-a", TimeSpan.FromSeconds(120), cancellationToken);
        Silos[1].Process.Start();
        await WaitHealthyAsync(Silos[1].Health, "silo-b", TimeSpan.FromSeconds(120), cancellationToken);
        Gateway.Start();
        await WaitHealthyAsync(new Uri(GatewayHttp, "/health"), "gateway", TimeSpan.FromSeconds(120), cancellationToken);
    }

    public async Task RestartSiloAsync(int index, CancellationToken cancellationToken)
    {
        Silos[index].Process.Start();
        await WaitHealthyAsync(Silos[index].Health, $"silo {index}", TimeSpan.FromSeconds(120), cancellationToken);
    }

    public async Task RestartGatewayAsync(CancellationToken cancellationToken)
    {
        Gateway.Start();
        await WaitHealthyAsync(new Uri(GatewayHttp, "/health"), "gateway", TimeSpan.FromSeconds(120), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        foreach (var (silo, _) in Silos)
        {
            await silo.DisposeAsync();
        }

        await Providers.DisposeAsync();
        if (Chain is not null)
        {
            await Chain.DisposeAsync();
        }

        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        _http.Dispose();
    }

    private async Task WaitHealthyAsync(Uri health, string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                using var response = await _http.GetAsync(health, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but not answering yet.
            }

            await Task.Delay(500, cancellationToken);
        }

        throw new TimeoutException($"{name} did not become healthy within {timeout.TotalSeconds:0} s (see {_options.LogDirectory}).");
    }

    private Dictionary<string, string> Common()
    {
        var sandbox = new SandboxOptions();
        var providers = Providers.Address.ToString().TrimEnd('/');
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Postgres__ConnectionString"] = Database.ConnectionString,
            ["Cluster__ClusterId"] = ClusterId,
            ["Cluster__ServiceId"] = ClusterId,
            ["Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Enerlectra"] = "Warning",
            ["Trading__CallbackBaseUrl"] = GatewayHttp.ToString().TrimEnd('/'),
            ["MobileMoney__Mtn__BaseUrl"] = providers,
            ["MobileMoney__Mtn__ApiUser"] = sandbox.ApiUser,
            ["MobileMoney__Mtn__ApiKey"] = sandbox.ApiKey,
            ["MobileMoney__Mtn__SubscriptionKey"] = sandbox.SubscriptionKey,
            ["MobileMoney__Mtn__DisbursementApiUser"] = sandbox.DisbursementApiUser,
            ["MobileMoney__Mtn__DisbursementApiKey"] = sandbox.DisbursementApiKey,
            ["MobileMoney__Mtn__DisbursementSubscriptionKey"] = sandbox.DisbursementSubscriptionKey,
            ["MobileMoney__Airtel__BaseUrl"] = providers,
            ["MobileMoney__Airtel__ClientId"] = sandbox.AirtelClientId,
            ["MobileMoney__Airtel__ClientSecret"] = sandbox.AirtelClientSecret,
            ["MobileMoney__Airtel__DisbursementPin"] = sandbox.AirtelDisbursementPin,
            ["MobileMoney__Airtel__CallbackSecret"] = AirtelCallbackSecret,
            ["MobileMoney__Zamtel__BaseUrl"] = providers,
            ["MobileMoney__Zamtel__ApiKey"] = sandbox.ZamtelApiKey,
        };
        foreach (var (key, value) in Chain?.ServerEnvironment() ?? [])
        {
            environment[key] = value;
        }

        return environment;
    }

    private (ManagedProcess, Uri) NewSilo(string name, int firstPort)
    {
        Dictionary<string, string> Environment()
        {
            var environment = Common();
            environment["Cluster__SiloPort"] = Port(firstPort);
            environment["Cluster__GatewayPort"] = Port(firstPort + 1);
            environment["Silo__HttpPort"] = Port(firstPort + 2);
            return environment;
        }

        var dll = Path.Combine(_options.RepositoryRoot, "src", "Silo", "bin", "Debug", "net10.0", "Enerlectra.Silo.dll");
        return (new ManagedProcess(name, dll, Environment, _options.LogDirectory), new Uri($"http://127.0.0.1:{firstPort + 2}/health"));
    }

    private ManagedProcess NewGateway(int clientPort)
    {
        Dictionary<string, string> Environment()
        {
            var environment = Common();
            environment["Gateway__OrleansMode"] = "client";
            environment["Gateway__HttpPort"] = Port(GatewayHttp.Port);
            environment["Gateway__GrpcPort"] = Port(GatewayGrpc.Port);
            // The soak runs its own sandbox (behind the fault proxy); the gateway must not start another.
            environment["Sandbox__Enabled"] = "false";
            environment["Cluster__SiloPort"] = Port(clientPort);
            environment["Cluster__GatewayPort"] = Port(clientPort + 1);
            return environment;
        }

        var dll = Path.Combine(_options.RepositoryRoot, "src", "Gateway", "bin", "Debug", "net10.0", "Enerlectra.Gateway.dll");
        return new ManagedProcess("gateway", dll, Environment, _options.LogDirectory);
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
