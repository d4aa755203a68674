using Enerlectra.Persistence;

namespace Enerlectra.Gateway.Hosting;

public static class StartupBanner
{
    /// <summary>Tells whoever started the server where to point a client, and whether their data will survive.</summary>
    public static WebApplication PrintStartupBanner(this WebApplication app, GatewayOptions options)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var host = options.BindAddress is "0.0.0.0" or "::" ? "localhost" : options.BindAddress;
            var http = $"http://{host}:{options.HttpPort}";
            var durable = !string.IsNullOrWhiteSpace(app.Configuration[$"{PostgresOptions.SectionName}:ConnectionString"]);
            var lines = new List<string>
            {
                "Enerlectra gateway is running.",
                $"  gRPC (HTTP/2):            http://{host}:{options.GrpcPort}",
                $"  JSON + gRPC-Web:          {http}/api/offers",
            };
            if (options.IsCoHosted)
            {
                lines.Add($"  Orleans dashboard:        {http}/dashboard");
            }

            if (app.Configuration.GetValue("Sandbox:Enabled", false))
            {
                lines.Add($"  Mobile money sandbox:     {app.Configuration["Sandbox:Url"]}");
            }

            lines.Add(durable
                ? "  Data: PostgreSQL (durable)."
                : "  Data: IN MEMORY ONLY - everything is lost when this process stops. Set Postgres__ConnectionString to keep it.");
            Console.WriteLine(string.Join(Environment.NewLine, lines));
        });
        return app;
    }
}
