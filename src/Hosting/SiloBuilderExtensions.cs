using System.Net;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Limits;
using Enerlectra.Abstractions.Payouts;
using Enerlectra.Abstractions.PhoneVerifications;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Chain;
using Enerlectra.Grains;
using Enerlectra.Grains.Chain;
using Enerlectra.Grains.Payments;
using Enerlectra.Grains.WalletConnections;
using Enerlectra.MobileMoney;
using Enerlectra.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;

namespace Enerlectra.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// Everything a silo of ours needs. This is the one place where development and production differ: with a
    /// PostgreSQL connection string ("Postgres:ConnectionString") clustering, grain state and reminders are durable
    /// in PostgreSQL; without one the silo runs alone on localhost with everything in memory.
    /// </summary>
    public static ISiloBuilder AddEnerlectraSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = configuration.GetSection(EnerlectraClusterOptions.SectionName).Get<EnerlectraClusterOptions>() ?? new();
        var postgresConnection = configuration[$"{PostgresOptions.SectionName}:ConnectionString"];

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });

        if (string.IsNullOrWhiteSpace(postgresConnection))
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId)
                .AddMemoryGrainStorage(StorageNames.Trading)
                .AddMemoryGrainStorage(StorageNames.PubSub)
                .UseInMemoryReminderService();
        }
        else
        {
            silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true)
                .UseEnerlectraPostgresClustering(postgresConnection)
                .AddEnerlectraPostgresGrainStorage(StorageNames.Trading, postgresConnection)
                .AddEnerlectraPostgresGrainStorage(StorageNames.PubSub, postgresConnection)
                .UseEnerlectraPostgresReminders(postgresConnection);
        }

        // Market events are interactive: poll the stream queues often (the default 100 ms adds that much latency).
        silo.AddMemoryStreams(MarketStreams.ProviderName, streams => streams.ConfigurePullingAgent(agent =>
            agent.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(10))));
        silo.AddDashboard();
        silo.AddStartupTask(WarmUpDefaultMarketAsync);
        silo.AddStartupTask(LogMobileMoneyProvidersAsync);
        silo.AddStartupTask(StartChainFollowersAsync);
        silo.Services.AddEnerlectraTrading(configuration);
        return silo;
    }

    /// <summary>The grains' own services: options, clock, payment rails.</summary>
    public static IServiceCollection AddEnerlectraTrading(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TradingOptions>()
            .Bind(configuration.GetSection(TradingOptions.SectionName))
            .Validate(o => o.FeeBasisPoints is >= 0 and <= 10_000, "Trading:FeeBasisPoints must be 0-10000.")
            .ValidateOnStart();
        services.AddOptions<PaymentLimits>().Bind(configuration.GetSection(PaymentLimits.SectionName));
        services.AddOptions<PayoutOptions>().Bind(configuration.GetSection(PayoutOptions.SectionName));
        services.AddOptions<PhoneVerificationOptions>()
            .Bind(configuration.GetSection(PhoneVerificationOptions.SectionName))
            .Validate(o => o.AmountNgwee > 0, "PhoneVerification:AmountNgwee must be positive.")
            .Validate(o => o.MaxPerDay > 0, "PhoneVerification:MaxPerDay must be positive.")
            .ValidateOnStart();
        services.AddOptions<WalletConnectionOptions>()
            .Bind(configuration.GetSection(WalletConnectionOptions.SectionName))
            .Validate(o => o.ChallengeLifetime > TimeSpan.Zero, "WalletConnection:ChallengeLifetime must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // Reminders are the durable wake-up of unfinished payments; allow the configured period even below
        // Orleans' one-minute default floor (tests use seconds).
        services.Configure<ReminderOptions>(o =>
        {
            var period = configuration.GetSection(TradingOptions.SectionName).Get<TradingOptions>()?.ReconcileReminderPeriod ?? TimeSpan.FromMinutes(1);
            o.MinimumReminderPeriod = period < o.MinimumReminderPeriod ? period : o.MinimumReminderPeriod;
        });

        // Our domain errors cross silo boundaries intact, so the gateway can tell the user what was wrong.
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Enerlectra"));

        // A provider is registered only when its section says where it lives: each client validates its options at
        // start, so an unconfigured one would stop the silo. Without it, MobileMoneyRails refuses that network's
        // numbers with a clear FailedPrecondition instead.
        if (IsConfigured(configuration, MtnMomoOptions.SectionName))
        {
            services.AddMtnMomo(configuration);
        }

        if (IsConfigured(configuration, AirtelMoneyOptions.SectionName))
        {
            services.AddAirtelMoney(configuration);
        }

        if (IsConfigured(configuration, ZamtelKwachaOptions.SectionName))
        {
            services.AddZamtelKwacha(configuration);
        }

        services.TryAddSingleton<MobileMoneyRails>();
        // The chain client (or an honest "not configured") for the grains that will use the on-chain rail.
        services.AddEnerlectraChain(configuration);
        services.TryAddSingleton<ChainRail>();
        services.AddOptions<StatusQueryOptions>().Bind(configuration.GetSection(StatusQueryOptions.SectionName));
        services.TryAddSingleton<StatusQueryLimiter>();
        return services;
    }

    /// <summary>Whether a provider's section names an endpoint ("…:BaseUrl"); the rest is then validated at start.</summary>
    public static bool IsConfigured(IConfiguration configuration, string providerSection) =>
        !string.IsNullOrWhiteSpace(configuration[$"{providerSection}:BaseUrl"]);

    /// <summary>
    /// With a chain configured, the listener starts following it and the mirror resumes its queue at once, rather
    /// than at their first reminder tick after a restart.
    /// </summary>
    private static async Task StartChainFollowersAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var chain = services.GetRequiredService<ChainOptions>();
        if (!chain.IsConfigured)
        {
            return;
        }

        var grains = services.GetRequiredService<IGrainFactory>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Enerlectra.Hosting.Chain");
        try
        {
            await grains.GetGrain<Abstractions.Chain.IChainListenerGrain>(Abstractions.Chain.ChainGrains.SingletonKey).EnsureRunningAsync();
            await grains.GetGrain<Abstractions.Chain.IChainMirrorGrain>(Abstractions.Chain.ChainGrains.SingletonKey).GetStatusAsync();
            logger.LogInformation("Following {Chain}", chain);
        }
        catch (Exception ex)
        {
            // Their reminders retry; the silo must not fail to start because the chain is having a bad moment.
            logger.LogWarning(ex, "Could not start following the chain yet");
        }
    }

    private static Task LogMobileMoneyProvidersAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        // A provider left unconfigured is not an error (its numbers are refused with a clear message), so say at
        // start which ones this silo can collect from; otherwise a forgotten section shows up only as refused trades.
        var rails = services.GetRequiredService<MobileMoneyRails>();
        var available = Enum.GetValues<MobileNetwork>().Where(rails.Supports).Select(MobileMoneyRails.Name).ToList();
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Enerlectra.Hosting.MobileMoney").LogInformation(
            "Mobile money providers configured: {Providers}", available.Count == 0 ? "none" : string.Join(", ", available));
        return Task.CompletedTask;
    }

    private static async Task WarmUpDefaultMarketAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        // Activating the default market starts its expiry sweeper and registers its keep-alive reminder.
        var grains = services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IMarketGrain>(Ids.DefaultMarket).ListOffersAsync(1, null);
    }
}
