using Enerlectra.Gateway.Callbacks;
using Enerlectra.Gateway.Services;
using Enerlectra.Gateway.Validation;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Orleans.Dashboard;

namespace Enerlectra.Gateway.Hosting;

public static class EndpointSetup
{
    public static WebApplication MapGatewayEndpoints(this WebApplication app, GatewayOptions options)
    {
        app.UseRouting();
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.UseCors(ApiSetup.CorsPolicy);
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization: a caller who may not use a route is refused before its body is read.
        app.UseMiddleware<JsonRequestGuard>();

        app.MapGrpcService<AuthApiService>();
        app.MapGrpcService<MeterApiService>();
        app.MapGrpcService<WalletApiService>();
        app.MapGrpcService<WalletConnectionApiService>();
        app.MapGrpcService<OfferApiService>();
        app.MapGrpcService<TradeApiService>();
        app.MapGrpcService<BlockchainApiService>();
        app.MapGrpcService<MarketEventApiService>();
        app.MapGrpcService<OperatorApiService>();
        app.MapGrpcHealthChecksService();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync }).AllowAnonymous(); // for load balancers and container probes that speak plain HTTP
        app.MapGrpcReflectionService();
        // Callbacks read (and cap) their own bodies at 64 KB, above the server-wide limit for everything else.
        app.MapGroup(string.Empty)
            .WithMetadata(new RequestBodyLimit(CallbackBody.MaxBytes + 1))
            .MapMobileMoneyCallbacks();

        if (options.IsCoHosted)
        {
            app.MapOrleansDashboard(routePrefix: "/dashboard");
        }

        return app;
    }
}
