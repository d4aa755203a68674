using Enerlectra.Abstractions.Market;
using Enerlectra.Gateway.Operators;
using Enerlectra.Hosting;
using Enerlectra.Persistence;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Enerlectra.Gateway.Hosting;

public static class OrleansSetup
{
    /// <summary>
    /// Co-hosted (default): a full silo in this process, which avoids a network hop per call and is several times
    /// faster. Client mode: the gateway joins a cluster of <c>src/Silo</c> processes through PostgreSQL membership.
    /// </summary>
    public static WebApplicationBuilder AddEnerlectraOrleans(this WebApplicationBuilder builder, GatewayOptions options)
    {
        var configuration = builder.Configuration;
        if (options.IsCoHosted)
        {
            builder.UseOrleans(silo => silo.AddEnerlectraSilo(configuration));
            return builder;
        }

        var cluster = configuration.GetSection(EnerlectraClusterOptions.SectionName).Get<EnerlectraClusterOptions>() ?? new();
        var postgresConnection = configuration[$"{PostgresOptions.SectionName}:ConnectionString"];
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            client.Configure<Orleans.Configuration.GatewayOptions>(o => o.GatewayListRefreshPeriod = cluster.GatewayListRefreshPeriod);
            if (string.IsNullOrWhiteSpace(postgresConnection))
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }
            else
            {
                client.UseEnerlectraPostgresClustering(postgresConnection);
            }

            client.AddMemoryStreams(MarketStreams.ProviderName);
            if (configuration.GetValue($"{OperatorDashboardOptions.SectionName}:{nameof(OperatorDashboardOptions.Enabled)}", false))
            {
                // The dashboard reads the silos' statistics through this client (the silos collect them).
                client.AddDashboard();
            }
        });
        return builder;
    }
}
