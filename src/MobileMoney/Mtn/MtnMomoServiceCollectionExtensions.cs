using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Enerlectra.MobileMoney.Mtn;

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

        IConfigurationSection section = MobileMoneyRegistration.AddValidatedOptions<MtnMomoOptions>(
            services, configuration, MtnMomoOptions.SectionName, o => o.Validate());
        MobileMoneyRegistration.AddSharedState<MtnMomoOptions, MtnMomoClient>(services, CollectionStateKey, "MTN MoMo collection");

        IHttpClientBuilder collections = MobileMoneyRegistration.AddClient<IMobileMoneyCollections, MtnMomoClient, MtnMomoOptions>(
            services,
            MobileMoneyProvider.Mtn,
            CollectionStateKey,
            (http, options, shared, logger) => new MtnMomoClient(http, options, shared, logger));

        if (!string.IsNullOrWhiteSpace(section[nameof(MtnMomoOptions.DisbursementApiUser)]))
        {
            MobileMoneyRegistration.AddSharedState<MtnMomoOptions, MtnMomoClient>(services, DisbursementStateKey, "MTN MoMo disbursement");
            MobileMoneyRegistration.AddClient<IMobileMoneyDisbursements, MtnMomoDisbursementClient, MtnMomoOptions>(
                services,
                MobileMoneyProvider.Mtn,
                DisbursementStateKey,
                (http, options, shared, logger) => new MtnMomoDisbursementClient(http, options, shared, logger));
        }

        return collections;
    }
}
