using Enerlectra.Gateway.Callbacks;
using Enerlectra.Gateway.Operators;
using Enerlectra.Gateway.Services;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Enerlectra.Gateway.Hosting;

public static class EndpointSetup
{
    public static WebApplication MapGatewayEndpoints(this WebApplication app, GatewayOptions options)
    {
        app.UseRouting();
        app.UseRateLimiter();   // after routing: it limits only the endpoints marked as provider callbacks
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.UseCors(ApiSetup.CorsPolicy);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapGrpcService<AuthApiService>();
        app.MapGrpcService<MeterApiService>();
        app.MapGrpcService<MeterRegistryApiService>();
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
        app.MapMobileMoneyCallbacks();
        app.MapOperatorDashboard(app.Services.GetRequiredService<OperatorDashboardOptions>());
        return app;
    }
}
