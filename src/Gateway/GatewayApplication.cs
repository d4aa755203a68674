using Enerlectra.Gateway.Auth;
using Enerlectra.Gateway.Callbacks;
using Enerlectra.Gateway.Hosting;

namespace Enerlectra.Gateway;

/// <summary>
/// The gateway host, step by step. Program.cs runs it; tests and the benchmark build the same host with their own
/// settings (ports, database) layered on top.
/// </summary>
public static class GatewayApplication
{
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        var options = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        builder.Services.AddSingleton(options);

        builder.ConfigureGatewayEndpoints(options);   // HTTP/2 port for gRPC, HTTP/1.1 port for JSON, gRPC-Web, callbacks, dashboard
        builder.AddMobileMoneySandbox();              // default run only: our MTN MoMo sandbox on its own port
        builder.AddEnerlectraOrleans(options);        // co-hosted silo, or a client of a silo cluster
        builder.AddGatewayAuthentication();           // JWT bearer; dev tokens in the default run
        builder.AddGatewayApi(options);               // gRPC services, JSON transcoding, gRPC-Web, health, reflection
        builder.AddCallbackRateLimiting();            // per client and overall budgets for the anonymous provider callbacks

        var app = builder.Build();
        app.MapGatewayEndpoints(options);
        app.PrintStartupBanner(options);
        return app;
    }
}
