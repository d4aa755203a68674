using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enerlectra.MobileMoney;

/// <summary>Registers <see cref="AirtelMoneyClient"/> (and <see cref="AirtelMoneyDisbursementClient"/>) with dependency injection.</summary>
public static class AirtelMoneyServiceCollectionExtensions
{
    // Collections and payouts use one OAuth2 client, so they share one token and one circuit breaker.
    private const string StateKey = "Enerlectra.MobileMoney.Airtel";

    /// <summary>
    /// Binds <see cref="AirtelMoneyOptions"/> from "MobileMoney:Airtel" (validated at start-up) and registers
    /// <see cref="AirtelMoneyClient"/> as a typed HTTP client, resolvable as <see cref="IMobileMoneyCollections"/> and
    /// keyed by <see cref="MobileMoneyProvider.Airtel"/>. When the section has
    /// <see cref="AirtelMoneyOptions.DisbursementPin"/>, <see cref="AirtelMoneyDisbursementClient"/> is registered as
    /// <see cref="IMobileMoneyDisbursements"/> (also keyed by <see cref="MobileMoneyProvider.Airtel"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root (or any section that contains "MobileMoney:Airtel").</param>
    /// <returns>The HTTP client builder of the collection client, for adding handlers.</returns>
    public static IHttpClientBuilder AddAirtelMoney(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        IConfigurationSection section = configuration.GetSection(AirtelMoneyOptions.SectionName);
        services.AddOptions<AirtelMoneyOptions>()
            .Bind(section)
            .Validate(o => o.Validate().Count == 0, "MobileMoney:Airtel is incomplete or invalid; see AirtelMoneyOptions.Validate().")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(StateKey, (sp, _) => new MobileMoneySharedState(
            sp.GetRequiredService<IOptions<AirtelMoneyOptions>>().Value,
            "Airtel Money",
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<AirtelMoneyClient>()));

        services.AddTransient<IMobileMoneyCollections>(sp => sp.GetRequiredService<AirtelMoneyClient>());
        services.AddKeyedTransient<IMobileMoneyCollections>(
            MobileMoneyProvider.Airtel,
            (sp, _) => sp.GetRequiredService<AirtelMoneyClient>());

        if (!string.IsNullOrWhiteSpace(section[nameof(AirtelMoneyOptions.DisbursementPin)]))
        {
            services.AddTransient<IMobileMoneyDisbursements>(sp => sp.GetRequiredService<AirtelMoneyDisbursementClient>());
            services.AddKeyedTransient<IMobileMoneyDisbursements>(
                MobileMoneyProvider.Airtel,
                (sp, _) => sp.GetRequiredService<AirtelMoneyDisbursementClient>());
            services
                .AddHttpClient(nameof(AirtelMoneyDisbursementClient), http => http.Timeout = Timeout.InfiniteTimeSpan)
                .AddTypedClient((http, sp) => new AirtelMoneyDisbursementClient(
                    http,
                    sp.GetRequiredService<IOptions<AirtelMoneyOptions>>().Value,
                    sp.GetRequiredKeyedService<MobileMoneySharedState>(StateKey),
                    sp.GetRequiredService<ILogger<AirtelMoneyDisbursementClient>>()));
        }

        // The resilience pipeline owns per-attempt timeouts; HttpClient's own would cut retries short.
        return services
            .AddHttpClient(nameof(AirtelMoneyClient), http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddTypedClient((http, sp) => new AirtelMoneyClient(
                http,
                sp.GetRequiredService<IOptions<AirtelMoneyOptions>>().Value,
                sp.GetRequiredKeyedService<MobileMoneySharedState>(StateKey),
                sp.GetRequiredService<ILogger<AirtelMoneyClient>>()));
    }
}
