namespace Enerlectra.IntegrationTests.Support;

/// <summary>One in-memory gateway (with its own sandbox) shared by a test class; tests isolate by fresh user ids.</summary>
public class GatewayFixture : IAsyncLifetime
{
    private GatewayHost? _host;
    private SandboxControl? _sandbox;

    public GatewayHost Host => _host ?? throw new InvalidOperationException("The gateway did not start.");

    public ApiClients Api => Host.Api;

    public SandboxControl Sandbox => _sandbox ?? throw new InvalidOperationException("The gateway did not start.");

    /// <summary>Settings layered over the test defaults, for classes that need a differently configured gateway.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Overrides => null;

    public async Task InitializeAsync()
    {
        _host = await GatewayHost.StartAsync(extra: Overrides);
        _sandbox = new SandboxControl(_host.SandboxUrl!);
    }

    public async Task DisposeAsync()
    {
        _sandbox?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
