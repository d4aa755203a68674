using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enerlectra.MobileMoney;

/// <summary>Registers the Zamtel Kwacha clients with dependency injection.</summary>
public static class ZamtelKwachaServiceCollectionExtensions
{
    private const string StateKey = "Enerlectra.MobileMoney.Zamtel";

    /// <summary>
    /// Binds <see cref="ZamtelKwachaOptions"/> from "MobileMoney:Zamtel" (validated at start-up) and registers
    /// <see cref="ZamtelKwachaClient"/> as <see cref="IMobileMoneyCollections"/> and
    /// <see cref="ZamtelKwachaDisbursementClient"/> as <see cref="IMobileMoneyDisbursements"/>, each also keyed by
    /// <see cref="MobileMoneyProvider.Zamtel"/>. One API key serves both, so both are always registered.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root (or any section that contains "MobileMoney:Zamtel").</param>
    /// <returns>The HTTP client builder of the collection client, for adding handlers.</returns>
    public static IHttpClientBuilder AddZamtelKwacha(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<ZamtelKwachaOptions>()
            .Bind(configuration.GetSection(ZamtelKwachaOptions.SectionName))
            .Validate(o => o.Validate().Count == 0, "MobileMoney:Zamtel is incomplete or invalid; see ZamtelKwachaOptions.Validate().")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(StateKey, (sp, _) => new MobileMoneySharedState(
            sp.GetRequiredService<IOptions<ZamtelKwachaOptions>>().Value,
            "Zamtel Kwacha",
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<ZamtelKwachaClient>()));

        services.AddTransient<IMobileMoneyCollections>(sp => sp.GetRequiredService<ZamtelKwachaClient>());
        services.AddKeyedTransient<IMobileMoneyCollections>(
            MobileMoneyProvider.Zamtel,
            (sp, _) => sp.GetRequiredService<ZamtelKwachaClient>());
        services.AddTransient<IMobileMoneyDisbursements>(sp => sp.GetRequiredService<ZamtelKwachaDisbursementClient>());
        services.AddKeyedTransient<IMobileMoneyDisbursements>(
            MobileMoneyProvider.Zamtel,
            (sp, _) => sp.GetRequiredService<ZamtelKwachaDisbursementClient>());

        services
            .AddHttpClient(nameof(ZamtelKwachaDisbursementClient), http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddTypedClient((http, sp) => new ZamtelKwachaDisbursementClient(
                http,
                sp.GetRequiredService<IOptions<ZamtelKwachaOptions>>().Value,
                sp.GetRequiredKeyedService<MobileMoneySharedState>(StateKey),
                sp.GetRequiredService<ILogger<ZamtelKwachaDisbursementClient>>()));

        // The resilience pipeline owns per-attempt timeouts; HttpClient's own would cut retries short.
        return services
            .AddHttpClient(nameof(ZamtelKwachaClient), http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddTypedClient((http, sp) => new ZamtelKwachaClient(
                http,
                sp.GetRequiredService<IOptions<ZamtelKwachaOptions>>().Value,
                sp.GetRequiredKeyedService<MobileMoneySharedState>(StateKey),
                sp.GetRequiredService<ILogger<ZamtelKwachaClient>>()));
    }
}
