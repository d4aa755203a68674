using System.Net;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Limits;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Payouts;
using Enerlectra.Abstractions.PhoneVerifications;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Chain;
using Enerlectra.Exchange.Journal;
using Enerlectra.Exchange.Model;
using Enerlectra.Grains;
using Enerlectra.Grains.Chain;
using Enerlectra.Grains.Market;
using Enerlectra.Grains.Meters;
using Enerlectra.Grains.Payments;
using Enerlectra.Grains.WalletConnections;
using Enerlectra.MobileMoney;
using Enerlectra.MobileMoney.Airtel;
using Enerlectra.MobileMoney.Mtn;
using Enerlectra.MobileMoney.Zamtel;
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
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = cluster.ProbeTimeout;
            o.NumMissedProbesLimit = cluster.MissedProbesLimit;
        });

        if (string.IsNullOrWhiteSpace(postgresConnection))
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId)
                .AddMemoryGrainStorage(StorageNames.Trading)
                .AddMemoryGrainStorage(StorageNames.PubSub)
                .UseInMemoryReminderService();
            silo.Services.AddSingleton<IMarketJournal, MemoryMarketJournal>();
            silo.Services.AddSingleton<IMarketEventLog, MemoryMarketEventLog>();
        }
        else
        {
            silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true)
                .UseEnerlectraPostgresClustering(postgresConnection)
                .AddEnerlectraPostgresGrainStorage(StorageNames.Trading, postgresConnection)
                .AddEnerlectraPostgresGrainStorage(StorageNames.PubSub, postgresConnection)
                .UseEnerlectraPostgresReminders(postgresConnection);
            silo.Services.AddSingleton<IMarketJournal>(sp => new PostgresMarketJournal(
                Npgsql.NpgsqlDataSource.Create(postgresConnection), cluster.ServiceId, sp.GetRequiredService<Orleans.Serialization.Serializer>()));
            silo.Services.AddSingleton<IMarketEventLog>(sp => new PostgresMarketEventLog(
                Npgsql.NpgsqlDataSource.Create(postgresConnection), cluster.ServiceId, sp.GetRequiredService<Orleans.Serialization.Serializer>()));
        }

        // Market events are interactive: poll the stream queues often (the default 100 ms adds that much latency).
        silo.AddMemoryStreams(MarketStreams.ProviderName, streams => streams.ConfigurePullingAgent(agent =>
            agent.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(10))));
        silo.AddDashboard();
        silo.AddStartupTask(WarmUpMarketsAsync);
        silo.AddStartupTask(LogMobileMoneyProvidersAsync);
        silo.AddStartupTask(WarnAboutDevelopmentIdKeyAsync);
        silo.AddStartupTask(StartChainFollowersAsync);
        silo.Services.AddEnerlectraTrading(configuration);
        return silo;
    }

    /// <summary>The grains' own services: options, keyed ids, clock, payment rails.</summary>
    public static IServiceCollection AddEnerlectraTrading(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TradingOptions>()
            .Bind(configuration.GetSection(TradingOptions.SectionName))
            .Validate(o => o.FeeBasisPoints is >= 0 and <= 10_000, "Trading:FeeBasisPoints must be 0-10000.")
            .Validate(o => o.CallbackQueryInterval >= TimeSpan.Zero, "Trading:CallbackQueryInterval must not be negative.")
            .ValidateOnStart();
        services.AddEnerlectraIds(configuration);
        services.AddOptions<MeterOptions>()
            .Bind(configuration.GetSection(MeterOptions.SectionName))
            .Validate(o => o.MaxClockSkew >= TimeSpan.Zero, "Meters:MaxClockSkew must not be negative.")
            .Validate(o => o.RecentReadingsWindow >= 1, "Meters:RecentReadingsWindow must be at least 1.")
            .Validate(o => o.MaxCapacityW >= 1, "Meters:MaxCapacityW must be at least 1.")
            .ValidateOnStart();
        services.AddMarketOptions(configuration);
        services.AddOptions<PaymentLimits>().Bind(configuration.GetSection(PaymentLimits.SectionName));
        services.AddOptions<MarketRules>()
            .Bind(configuration.GetSection(MarketRules.SectionName))
            .Validate(o => o.MakerFeeBasisPoints is >= 0 and <= 10_000 && o.TakerFeeBasisPoints is >= 0 and <= 10_000, "Markets:Rules fees must be 0-10000 basis points.")
            .Validate(o => o.MaxOpenOrdersPerUser >= 1 && o.PriceBandBasisPoints >= 0 && o.MinQuantityWh >= 1 && o.MaxQuantityWh >= o.MinQuantityWh
                           && o.MaxPriceNgweePerKwh >= 1 && o.MaxPriceNgweePerKwh <= 1_000_000, "Markets:Rules limits are out of range.")
            .ValidateOnStart();
        services.AddOptions<MarketBookOptions>()
            .Bind(configuration.GetSection(MarketBookOptions.SectionName))
            .Validate(o => o.SnapshotEveryEvents >= 100 && o.FeedReplayItems >= 100 && o.OrdersPerSecondPerUser >= 1 && o.OrderBurstPerUser >= 1
                           && o.ExpirySweepInterval > TimeSpan.Zero, "Markets:Book settings are out of range.")
            .ValidateOnStart();
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

    /// <summary>
    /// The configured markets (section "Markets"), checked at start. Silos and gateways both register them: grains
    /// refuse unconfigured markets, and gateways refuse them before any grain is called.
    /// </summary>
    public static IServiceCollection AddMarketOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MarketOptions>()
            .Bind(configuration.GetSection(MarketOptions.SectionName))
            .Validate(o => o.FirstInvalidId() is null, "Markets:Ids must be 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit.")
            .ValidateOnStart();
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

    private static Task WarnAboutDevelopmentIdKeyAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        // Fine for a local run; anywhere else trade, offer and payout ids (the providers' references) become guessable.
        if (services.GetRequiredService<KeyedIds>().UsesDevelopmentKey)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Enerlectra.Hosting.Security").LogWarning(
                "{Setting} is not configured (or is the public development key): trade, offer and payout ids are keyed with a key anyone can read", IdKeyOptions.ConfigurationKey);
        }

        return Task.CompletedTask;
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

    private static async Task WarmUpMarketsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var markets = services.GetRequiredService<IOptions<MarketOptions>>().Value;
        var chain = services.GetRequiredService<ChainOptions>();
        if (chain.IsConfigured && !markets.IsConfigured(chain.Settings.MarketId))
        {
            // Offers made directly on-chain are recorded in this market; it must exist like any other.
            throw new InvalidOperationException(
                $"Blockchain:MarketId is '{chain.Settings.MarketId}', which is not one of the configured markets (Markets:Ids: {string.Join(", ", markets.Markets)}).");
        }

        // Activating a market starts its expiry sweeper and registers its keep-alive reminder.
        var grains = services.GetRequiredService<IGrainFactory>();
        await Task.WhenAll(markets.Markets.Select(id => grains.GetGrain<IMarketGrain>(id).ListOffersAsync(1, null)));
    }
}
