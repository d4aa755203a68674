using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Enerlectra.MobileMoney.Airtel;

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

        IConfigurationSection section = MobileMoneyRegistration.AddValidatedOptions<AirtelMoneyOptions>(
            services, configuration, AirtelMoneyOptions.SectionName, o => o.Validate());
        MobileMoneyRegistration.AddSharedState<AirtelMoneyOptions, AirtelMoneyClient>(services, StateKey, "Airtel Money");

        IHttpClientBuilder collections = MobileMoneyRegistration.AddClient<IMobileMoneyCollections, AirtelMoneyClient, AirtelMoneyOptions>(
            services,
            MobileMoneyProvider.Airtel,
            StateKey,
            (http, options, shared, logger) => new AirtelMoneyClient(http, options, shared, logger));

        if (!string.IsNullOrWhiteSpace(section[nameof(AirtelMoneyOptions.DisbursementPin)]))
        {
            MobileMoneyRegistration.AddClient<IMobileMoneyDisbursements, AirtelMoneyDisbursementClient, AirtelMoneyOptions>(
                services,
                MobileMoneyProvider.Airtel,
                StateKey,
                (http, options, shared, logger) => new AirtelMoneyDisbursementClient(http, options, shared, logger));
        }

        return collections;
    }
}
