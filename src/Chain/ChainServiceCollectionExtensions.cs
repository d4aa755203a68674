using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Chain;

public static class ChainServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ChainOptions"/> and an <see cref="IChainStatusSource"/>: the real <see cref="ChainClient"/>
    /// when BLOCKCHAIN_RPC_URL, BLOCKCHAIN_CHAIN_ID and the three contract addresses are set, otherwise a source that
    /// reports "not_configured" (the server then runs on mobile money alone).
    /// </summary>
    public static IServiceCollection AddEnerlectraChain(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ChainOptions.From(configuration);
        services.TryAddSingleton(options);
        if (options.IsConfigured)
        {
            services.TryAddSingleton(sp => new ChainClient(options, sp.GetService<ILogger<ChainClient>>()));
            services.TryAddSingleton<IChainStatusSource>(sp => sp.GetRequiredService<ChainClient>());
        }
        else
        {
            services.TryAddSingleton<IChainStatusSource, NotConfiguredChainStatus>();
        }

        return services;
    }
}
