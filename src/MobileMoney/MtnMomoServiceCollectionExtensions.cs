using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enerlectra.MobileMoney;

/// <summary>Registers <see cref="MtnMomoClient"/> (and <see cref="MtnMomoDisbursementClient"/>) with dependency injection.</summary>
public static class MtnMomoServiceCollectionExtensions
{
    // Collections and payouts are separate MTN products with separate tokens, so each gets its own shared state.
    private const string CollectionStateKey = "Enerlectra.MobileMoney.Mtn.Collection";
    private const string DisbursementStateKey = "Enerlectra.MobileMoney.Mtn.Disbursement";

    /// <summary>
    /// Binds <see cref="MtnMomoOptions"/> from the "MobileMoney:Mtn" section (validated at start-up) and registers
    /// <see cref="MtnMomoClient"/> as a typed HTTP client, also resolvable as <see cref="IMobileMoneyCollections"/>
    /// and as the keyed service <see cref="MobileMoneyProvider.Mtn"/>. When the section has
    /// <see cref="MtnMomoOptions.DisbursementApiUser"/> set, <see cref="MtnMomoDisbursementClient"/> is registered too,
    /// as <see cref="IMobileMoneyDisbursements"/> and keyed by <see cref="MobileMoneyProvider.Mtn"/>; without it,
    /// MTN payouts are simply not offered (so enumerating all disbursement services never throws).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root (or any section that contains "MobileMoney:Mtn").</param>
    /// <returns>The HTTP client builder of the collection client, for adding handlers.</returns>
    public static IHttpClientBuilder AddMtnMomo(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        IConfigurationSection section = configuration.GetSection(MtnMomoOptions.SectionName);
        services.AddOptions<MtnMomoOptions>()
            .Bind(section)
            .Validate(o => o.Validate().Count == 0, "MobileMoney:Mtn is incomplete or invalid; see MtnMomoOptions.Validate().")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(CollectionStateKey, (sp, _) => SharedState(sp, "MTN MoMo collection"));
        services.AddTransient<IMobileMoneyCollections>(sp => sp.GetRequiredService<MtnMomoClient>());
        services.AddKeyedTransient<IMobileMoneyCollections>(
            MobileMoneyProvider.Mtn,
            (sp, _) => sp.GetRequiredService<MtnMomoClient>());

        if (!string.IsNullOrWhiteSpace(section[nameof(MtnMomoOptions.DisbursementApiUser)]))
        {
            services.TryAddKeyedSingleton(DisbursementStateKey, (sp, _) => SharedState(sp, "MTN MoMo disbursement"));
            services.AddTransient<IMobileMoneyDisbursements>(sp => sp.GetRequiredService<MtnMomoDisbursementClient>());
            services.AddKeyedTransient<IMobileMoneyDisbursements>(
                MobileMoneyProvider.Mtn,
                (sp, _) => sp.GetRequiredService<MtnMomoDisbursementClient>());
            services
                .AddHttpClient(nameof(MtnMomoDisbursementClient), http => http.Timeout = Timeout.InfiniteTimeSpan)
                .AddTypedClient((http, sp) => new MtnMomoDisbursementClient(
                    http,
                    sp.GetRequiredService<IOptions<MtnMomoOptions>>().Value,
                    sp.GetRequiredKeyedService<MobileMoneySharedState>(DisbursementStateKey),
                    sp.GetRequiredService<ILogger<MtnMomoDisbursementClient>>()));
        }

        return services
            .AddHttpClient(nameof(MtnMomoClient), http =>
            {
                // The resilience pipeline owns per-attempt timeouts; HttpClient's own would cut retries short.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddTypedClient((http, sp) => new MtnMomoClient(
                http,
                sp.GetRequiredService<IOptions<MtnMomoOptions>>().Value,
                sp.GetRequiredKeyedService<MobileMoneySharedState>(CollectionStateKey),
                sp.GetRequiredService<ILogger<MtnMomoClient>>()));
    }

    private static MobileMoneySharedState SharedState(IServiceProvider sp, string name) => new(
        sp.GetRequiredService<IOptions<MtnMomoOptions>>().Value,
        name,
        sp.GetRequiredService<TimeProvider>(),
        sp.GetRequiredService<ILoggerFactory>().CreateLogger<MtnMomoClient>());
}
