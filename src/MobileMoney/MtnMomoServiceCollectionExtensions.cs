using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enerlectra.MobileMoney;

/// <summary>Registers <see cref="MtnMomoClient"/> with dependency injection.</summary>
public static class MtnMomoServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="MtnMomoOptions"/> from the "MobileMoney:Mtn" section (validated at start-up) and registers
    /// <see cref="MtnMomoClient"/> as a typed HTTP client, also resolvable as <see cref="IMobileMoneyCollections"/>
    /// and as the keyed service <see cref="MobileMoneyProvider.Mtn"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root (or any section that contains "MobileMoney:Mtn").</param>
    /// <returns>The HTTP client builder, for adding handlers.</returns>
    public static IHttpClientBuilder AddMtnMomo(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<MtnMomoOptions>()
            .Bind(configuration.GetSection(MtnMomoOptions.SectionName))
            .Validate(o => o.Validate().Count == 0, "MobileMoney:Mtn is incomplete or invalid; see MtnMomoOptions.Validate().")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new MtnMomoSharedState(
            sp.GetRequiredService<IOptions<MtnMomoOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<MtnMomoClient>()));

        services.AddTransient<IMobileMoneyCollections>(sp => sp.GetRequiredService<MtnMomoClient>());
        services.AddKeyedTransient<IMobileMoneyCollections>(
            MobileMoneyProvider.Mtn,
            (sp, _) => sp.GetRequiredService<MtnMomoClient>());

        return services
            .AddHttpClient(nameof(MtnMomoClient), http =>
            {
                // The resilience pipeline owns per-attempt timeouts; HttpClient's own would cut retries short.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddTypedClient((http, sp) => new MtnMomoClient(
                http,
                sp.GetRequiredService<IOptions<MtnMomoOptions>>().Value,
                sp.GetRequiredService<MtnMomoSharedState>(),
                sp.GetRequiredService<ILogger<MtnMomoClient>>()));
    }
}
