using Enerlectra.Gateway.Auth;
using Enerlectra.Gateway.Hosting;
using Enerlectra.Gateway.Operators;
using Enerlectra.Gateway.RateLimits;
using Enerlectra.Gateway.WebSessions;
using Enerlectra.Hosting.Profiles;

namespace Enerlectra.Gateway;

/// <summary>
/// The gateway host, step by step. Program.cs runs it; tests and the benchmark build the same host with their own
/// settings (ports, database) layered on top, and name the profile (environment) they run in.
/// </summary>
public static class GatewayApplication
{
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? overrides = null, string? environment = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = environment });
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        ProductionGuard.EnsureSafe(builder.Configuration, builder.Environment); // outside Development: no dev tokens, sandbox, memory or published keys

        var options = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        builder.Services.AddSingleton(options);

        builder.ConfigureGatewayEndpoints(options);   // HTTP/2 port for gRPC, HTTP/1.1 port for JSON, gRPC-Web, callbacks, dashboard
        builder.AddMobileMoneySandbox();              // Development only: our mobile money sandbox on its own port
        builder.AddEnerlectraOrleans(options);        // co-hosted silo, or a client of a silo cluster
        builder.AddGatewayAuthentication();           // JWT bearer or web session cookie; dev tokens in the Development profile
        builder.AddWebSessions();                     // browser sessions: rotating refresh tokens bound to a device, CSRF
        builder.AddOperatorDashboard();               // operator sign-in (cookie) in front of the Orleans dashboard
        builder.AddGatewayApi(options);               // gRPC services, JSON transcoding, gRPC-Web, health, reflection
        builder.AddGatewayRateLimiting();             // per user and per address budgets by kind; callbacks also overall

        var app = builder.Build();
        app.MapGatewayEndpoints(options);
        app.PrintStartupBanner(options);
        return app;
    }
}
