using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Enerlectra.MobileMoney.Zamtel;

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

        MobileMoneyRegistration.AddValidatedOptions<ZamtelKwachaOptions>(
            services, configuration, ZamtelKwachaOptions.SectionName, o => o.Validate());
        MobileMoneyRegistration.AddSharedState<ZamtelKwachaOptions, ZamtelKwachaClient>(services, StateKey, "Zamtel Kwacha");

        IHttpClientBuilder collections = MobileMoneyRegistration.AddClient<IMobileMoneyCollections, ZamtelKwachaClient, ZamtelKwachaOptions>(
            services,
            MobileMoneyProvider.Zamtel,
            StateKey,
            (http, options, shared, logger) => new ZamtelKwachaClient(http, options, shared, logger));
        MobileMoneyRegistration.AddClient<IMobileMoneyDisbursements, ZamtelKwachaDisbursementClient, ZamtelKwachaOptions>(
            services,
            MobileMoneyProvider.Zamtel,
            StateKey,
            (http, options, shared, logger) => new ZamtelKwachaDisbursementClient(http, options, shared, logger));
        return collections;
    }
}
