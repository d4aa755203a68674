using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enerlectra.MobileMoney;

/// <summary>
/// The registration steps AddMtnMomo, AddAirtelMoney and AddZamtelKwacha share: validated options, the shared state
/// (token and circuit breaker) under a key, and typed HTTP clients resolvable as the provider-neutral interfaces.
/// </summary>
internal static class MobileMoneyRegistration
{
    /// <summary>Binds <typeparamref name="TOptions"/> from <paramref name="sectionName"/>, validated at start-up.</summary>
    /// <returns>The bound section, for checking optional settings while registering.</returns>
    public static IConfigurationSection AddValidatedOptions<TOptions>(
        IServiceCollection services,
        IConfiguration configuration,
        string sectionName,
        Func<TOptions, IReadOnlyList<string>> validate)
        where TOptions : MobileMoneyClientOptions
    {
        IConfigurationSection section = configuration.GetSection(sectionName);
        services.AddOptions<TOptions>()
            .Bind(section)
            .Validate(o => validate(o).Count == 0, $"{sectionName} is incomplete or invalid; see {typeof(TOptions).Name}.Validate().")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        return section;
    }

    /// <summary>Registers one <see cref="MobileMoneySharedState"/> under <paramref name="stateKey"/>, logging as <typeparamref name="TLogCategory"/>.</summary>
    public static void AddSharedState<TOptions, TLogCategory>(IServiceCollection services, string stateKey, string providerName)
        where TOptions : MobileMoneyClientOptions =>
        services.TryAddKeyedSingleton(stateKey, (sp, _) => new MobileMoneySharedState(
            sp.GetRequiredService<IOptions<TOptions>>().Value,
            providerName,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<TLogCategory>()));

    /// <summary>
    /// Registers <typeparamref name="TClient"/> as a typed HTTP client using the shared state under
    /// <paramref name="stateKey"/>, resolvable as <typeparamref name="TService"/> and keyed by <paramref name="provider"/>.
    /// </summary>
    /// <returns>The client's HTTP client builder.</returns>
    public static IHttpClientBuilder AddClient<TService, TClient, TOptions>(
        IServiceCollection services,
        MobileMoneyProvider provider,
        string stateKey,
        Func<HttpClient, TOptions, MobileMoneySharedState, ILogger<TClient>, TClient> create)
        where TService : class
        where TClient : class, TService
        where TOptions : MobileMoneyClientOptions
    {
        services.AddTransient<TService>(sp => sp.GetRequiredService<TClient>());
        services.AddKeyedTransient<TService>(provider, (sp, _) => sp.GetRequiredService<TClient>());

        // The resilience pipeline owns per-attempt timeouts; HttpClient's own would cut retries short.
        return services
            .AddHttpClient(typeof(TClient).Name, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddTypedClient((http, sp) => create(
                http,
                sp.GetRequiredService<IOptions<TOptions>>().Value,
                sp.GetRequiredKeyedService<MobileMoneySharedState>(stateKey),
                sp.GetRequiredService<ILogger<TClient>>()));
    }
}
