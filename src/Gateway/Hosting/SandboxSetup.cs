using Enerlectra.Sandbox;

namespace Enerlectra.Gateway.Hosting;

/// <summary>
/// The default run has no real provider to talk to, so it starts our mobile money sandbox on its own port and
/// points the MTN client at it. Production sets "Sandbox:Enabled" to false and configures the real provider.
/// </summary>
public static class SandboxSetup
{
    public const string EnabledKey = "Sandbox:Enabled";

    public static bool IsSandboxEnabled(this IConfiguration configuration) => configuration.GetValue(EnabledKey, false);

    public static WebApplicationBuilder AddMobileMoneySandbox(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.IsSandboxEnabled())
        {
            return builder;
        }

        var options = builder.Configuration.GetSection(SandboxOptions.SectionName).Get<SandboxOptions>() ?? new SandboxOptions();
        if (options.Url.EndsWith(":0", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Sandbox:Url needs a fixed port so the MTN client can be pointed at it.");
        }

        // The client's settings follow the sandbox's unless configured explicitly.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MobileMoney:Mtn:BaseUrl"] = builder.Configuration["MobileMoney:Mtn:BaseUrl"] ?? options.Url,
            ["MobileMoney:Mtn:ApiUser"] = builder.Configuration["MobileMoney:Mtn:ApiUser"] ?? options.ApiUser,
            ["MobileMoney:Mtn:ApiKey"] = builder.Configuration["MobileMoney:Mtn:ApiKey"] ?? options.ApiKey,
            ["MobileMoney:Mtn:SubscriptionKey"] = builder.Configuration["MobileMoney:Mtn:SubscriptionKey"] ?? options.SubscriptionKey,
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddHostedService<SandboxHostedService>();
        return builder;
    }

    private sealed class SandboxHostedService(SandboxOptions options, ILogger<SandboxHostedService> logger) : IHostedService, IAsyncDisposable
    {
        private MobileMoneySandbox? _sandbox;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _sandbox = await MobileMoneySandbox.StartAsync(options, cancellationToken);
            logger.LogInformation("Mobile money sandbox (MTN MoMo protocol) listening on {Url}", _sandbox.BaseAddress);
        }

        public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

        public async ValueTask DisposeAsync()
        {
            if (_sandbox is { } sandbox)
            {
                _sandbox = null;
                await sandbox.DisposeAsync();
            }
        }
    }
}
