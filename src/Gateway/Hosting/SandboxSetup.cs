using Enerlectra.MobileMoney;
using Enerlectra.MobileMoney.Airtel;
using Enerlectra.MobileMoney.Mtn;
using Enerlectra.MobileMoney.Zamtel;
using Enerlectra.Sandbox;

namespace Enerlectra.Gateway.Hosting;

/// <summary>
/// The default run has no real provider to talk to, so it starts our mobile money sandbox on its own port and
/// points the MTN, Airtel and Zamtel clients at it, and the sandbox's Airtel and Zamtel callbacks at this gateway.
/// Only the Development profile enables it ("Sandbox:Enabled"); any other profile refuses to start with it on.
/// </summary>
public static class SandboxSetup
{
    public const string EnabledKey = "Sandbox:Enabled";

    /// <summary>
    /// The Airtel callback key used when neither the sandbox nor the client has one configured. A development value
    /// only: it is applied solely when the sandbox is enabled, and production configures the real key from a secret
    /// store (MobileMoney:Airtel:CallbackSecret).
    /// </summary>
    public const string DevAirtelCallbackSecret = Enerlectra.Hosting.Profiles.DevelopmentValues.AirtelCallbackSecret;

    private const string MtnSection = MtnMomoOptions.SectionName;
    private const string AirtelSection = AirtelMoneyOptions.SectionName;
    private const string ZamtelSection = ZamtelKwachaOptions.SectionName;

    public static bool IsSandboxEnabled(this IConfiguration configuration) => configuration.GetValue(EnabledKey, false);

    public static WebApplicationBuilder AddMobileMoneySandbox(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (!configuration.IsSandboxEnabled())
        {
            return builder;
        }

        var options = configuration.GetSection(SandboxOptions.SectionName).Get<SandboxOptions>() ?? new SandboxOptions();
        if (options.Url.EndsWith(":0", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Sandbox:Url needs a fixed port so the provider clients can be pointed at it.");
        }

        // Airtel and Zamtel call one configured URL rather than one per request, so the sandbox gets a template that
        // points back at this gateway's own callback routes (loopback: the sandbox runs in this process).
        var gateway = configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        var callbackBase = $"http://127.0.0.1:{gateway.HttpPort}/api/callbacks";
        options.AirtelCallbackUrl ??= $"{callbackBase}/airtel/{{reference}}";
        options.ZamtelCallbackUrl ??= $"{callbackBase}/zamtel/{{reference}}";

        // Sandbox and client must sign and verify with the same key: whichever side is configured wins, and the dev
        // default covers neither being set.
        var clientSecret = configuration[$"{AirtelSection}:{nameof(AirtelMoneyOptions.CallbackSecret)}"];
        options.AirtelCallbackSecret = FirstSet(options.AirtelCallbackSecret, clientSecret, DevAirtelCallbackSecret);

        // The clients' settings follow the sandbox's unless configured explicitly.
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{MtnSection}:BaseUrl"] = configuration[$"{MtnSection}:BaseUrl"] ?? options.Url,
            [$"{MtnSection}:ApiUser"] = configuration[$"{MtnSection}:ApiUser"] ?? options.ApiUser,
            [$"{MtnSection}:ApiKey"] = configuration[$"{MtnSection}:ApiKey"] ?? options.ApiKey,
            [$"{MtnSection}:SubscriptionKey"] = configuration[$"{MtnSection}:SubscriptionKey"] ?? options.SubscriptionKey,
            [$"{AirtelSection}:BaseUrl"] = configuration[$"{AirtelSection}:BaseUrl"] ?? options.Url,
            [$"{AirtelSection}:ClientId"] = configuration[$"{AirtelSection}:ClientId"] ?? options.AirtelClientId,
            [$"{AirtelSection}:ClientSecret"] = configuration[$"{AirtelSection}:ClientSecret"] ?? options.AirtelClientSecret,
            [$"{AirtelSection}:Country"] = configuration[$"{AirtelSection}:Country"] ?? options.AirtelCountry,
            [$"{AirtelSection}:Currency"] = configuration[$"{AirtelSection}:Currency"] ?? options.Currency,
            [$"{AirtelSection}:CallbackSecret"] = FirstSet(clientSecret, options.AirtelCallbackSecret),
            // Payouts: the sandbox's disbursement credentials, so sellers in the default run are paid to their phones.
            ["MobileMoney:Mtn:DisbursementApiUser"] = configuration["MobileMoney:Mtn:DisbursementApiUser"] ?? options.DisbursementApiUser,
            ["MobileMoney:Mtn:DisbursementApiKey"] = configuration["MobileMoney:Mtn:DisbursementApiKey"] ?? options.DisbursementApiKey,
            ["MobileMoney:Mtn:DisbursementSubscriptionKey"] = configuration["MobileMoney:Mtn:DisbursementSubscriptionKey"] ?? options.DisbursementSubscriptionKey,
            [$"{AirtelSection}:DisbursementPin"] = configuration[$"{AirtelSection}:DisbursementPin"] ?? options.AirtelDisbursementPin,
            [$"{ZamtelSection}:BaseUrl"] = configuration[$"{ZamtelSection}:BaseUrl"] ?? options.Url,
            [$"{ZamtelSection}:ApiKey"] = configuration[$"{ZamtelSection}:ApiKey"] ?? options.ZamtelApiKey,
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddHostedService<SandboxHostedService>();
        return builder;
    }

    private static string FirstSet(params string?[] values) => values.First(v => !string.IsNullOrWhiteSpace(v))!;

    private sealed class SandboxHostedService(SandboxOptions options, ILogger<SandboxHostedService> logger) : IHostedService, IAsyncDisposable
    {
        private MobileMoneySandbox? _sandbox;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _sandbox = await MobileMoneySandbox.StartAsync(options, cancellationToken);
            logger.LogInformation(
                "Mobile money sandbox (MTN MoMo, Airtel Money, Zamtel Kwacha) listening on {Url}; Airtel callbacks to {Airtel}, Zamtel callbacks to {Zamtel}",
                _sandbox.BaseAddress, options.AirtelCallbackUrl, options.ZamtelCallbackUrl);
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
