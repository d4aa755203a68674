using Enerlectra.Abstractions.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Enerlectra.Hosting;

public static class IdKeySetup
{
    /// <summary>
    /// The keyed id service (<see cref="KeyedIds"/>) from section "Security", validated at start. Both the grains
    /// (payout ids) and the gateway (trade and offer ids from idempotency keys) use it, and a co-hosted gateway
    /// registers both, so a second call is a no-op.
    /// </summary>
    public static IServiceCollection AddEnerlectraIds(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(KeyedIds)))
        {
            return services;
        }

        services.AddOptions<IdKeyOptions>()
            .Bind(configuration.GetSection(IdKeyOptions.SectionName))
            .Validate(o => o.IsValid, $"{IdKeyOptions.ConfigurationKey} must be base64 of at least {IdKeyOptions.MinimumKeyBytes} bytes.")
            .ValidateOnStart();
        services.AddSingleton(sp => new KeyedIds(sp.GetRequiredService<IOptions<IdKeyOptions>>().Value));
        return services;
    }
}
