using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Sandbox;

/// <summary>
/// A mobile money sandbox (MTN MoMo collections and disbursements, Airtel Money, provisional Zamtel Kwacha) on its
/// own Kestrel listener, for tests and local runs. Outcomes are chosen by the number's last four digits
/// (see <see cref="SandboxScenario"/>).
/// </summary>
/// <example>
/// <code>
/// await using var sandbox = await MobileMoneySandbox.StartAsync(new SandboxOptions { ApproveDelay = TimeSpan.Zero });
/// var options = new MtnMomoOptions { BaseUrl = sandbox.BaseAddress, ApiUser = sandbox.Options.ApiUser, ... };
/// </code>
/// </example>
public sealed class MobileMoneySandbox : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxStore _store;

    private MobileMoneySandbox(WebApplication app, SandboxStore store, Uri baseAddress)
    {
        _app = app;
        _store = store;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the sandbox listens, with the real port, ending in '/'.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The settings it runs with (credentials to give the client).</summary>
    public SandboxOptions Options => _store.Options;

    /// <summary>Starts a sandbox on <see cref="SandboxOptions.Url"/> (port 0 picks a free port).</summary>
    /// <param name="options">The settings.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running sandbox; dispose it to stop.</returns>
    public static async Task<MobileMoneySandbox> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(MobileMoneySandbox).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(options.Url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        WebApplication app = builder.Build();
        var store = new SandboxStore(
            options,
            TimeProvider.System,
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Enerlectra.Sandbox"));
        app.MapSandbox(store);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            store.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        return new MobileMoneySandbox(app, store, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Stops background work and the listener.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        _store.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
