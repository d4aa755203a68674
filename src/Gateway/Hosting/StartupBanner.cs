using Enerlectra.Gateway.Operators;
using Enerlectra.Persistence;

namespace Enerlectra.Gateway.Hosting;

public static class StartupBanner
{
    /// <summary>Tells whoever started the server which profile runs, where to point a client, and whether data survives.</summary>
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
                app.Environment.IsDevelopment()
                    ? "  Profile: Development - dev tokens, the mobile money sandbox and sample keys are ON. Never use it for real money."
                    : $"  Profile: {app.Environment.EnvironmentName}",
                $"  gRPC (HTTP/2):            http://{host}:{options.GrpcPort}",
                $"  JSON + gRPC-Web:          {http}/api/offers",
            };
            if (app.Services.GetRequiredService<OperatorDashboardOptions>().Enabled)
            {
                lines.Add($"  Orleans dashboard:        {http}{OperatorSession.DashboardPath} (operators sign in at {http}{OperatorSession.SignInPath})");
            }

            if (app.Configuration.GetValue(SandboxSetup.EnabledKey, false))
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
