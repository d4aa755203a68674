using Enerlectra.Gateway.Callbacks;
using Enerlectra.Gateway.Errors;
using Enerlectra.Gateway.Operators;
using Enerlectra.Gateway.Services;
using Enerlectra.Gateway.Validation;
using Enerlectra.Gateway.WebSessions;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace Enerlectra.Gateway.Hosting;

public static class EndpointSetup
{
    public static WebApplication MapGatewayEndpoints(this WebApplication app, GatewayOptions options)
    {
        app.UseWordedRefusals(); // outermost: any refusal answered without a body gets one with a message
        app.UseWebApp();       // the web app's files (src/WebApp), before anything of the API's
        app.UseRouting();
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.UseCors(ApiSetup.CorsPolicy);
        app.UseAuthentication();
        app.UseRateLimiter();                   // after authentication: budgets are per user as well as per address
        app.UseMiddleware<CsrfProtection>();    // cookie-authenticated API calls must carry the session's CSRF token
        app.UseAuthorization();
        app.UseAntiforgery();

        // After authorization: a caller who may not use a route is refused before its body is read.
        app.UseMiddleware<JsonRequestGuard>();
        // Likewise for native gRPC and gRPC-Web calls: a malformed frame or message is the caller's INVALID_ARGUMENT.
        app.UseMiddleware<GrpcRequestGuard>();

        // Every gRPC service (with its JSON routes) is mapped in this group, which carries their body limits.
        var api = app.MapGroup(string.Empty).WithApiBodyLimits();
        api.MapGrpcService<AuthApiService>();
        api.MapGrpcService<MeterApiService>();
        api.MapGrpcService<MeterRegistryApiService>();
        api.MapGrpcService<WalletApiService>();
        api.MapGrpcService<WalletConnectionApiService>();
        api.MapGrpcService<OfferApiService>();
        api.MapGrpcService<TradeApiService>();
        api.MapGrpcService<BlockchainApiService>();
        api.MapGrpcService<MarketEventApiService>();
        api.MapGrpcService<OrderApiService>();
        api.MapGrpcService<MarketDataApiService>();
        api.MapGrpcService<OperatorApiService>();
        api.MapGrpcHealthChecksService();
        api.MapGrpcReflectionService();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync }).AllowAnonymous(); // for load balancers and container probes that speak plain HTTP
        // Callbacks read (and cap) their own bodies at 64 KB, above the server-wide limit for everything else. Kestrel
        // counts a chunked body's framing too, so its backstop leaves room for that; the callback reader's cap is exact.
        // Routes outside gRPC answer a transient cluster or database failure 503 (the interceptor does it for gRPC).
        app.MapGroup(string.Empty)
            .WithMetadata(new RequestBodyLimit(2 * CallbackBody.MaxBytes))
            .AddEndpointFilter<TransientFailureEndpointFilter>()
            .MapMobileMoneyCallbacks();
        app.MapOperatorDashboard(app.Services.GetRequiredService<OperatorDashboardOptions>());
        app.MapGroup(string.Empty).AddEndpointFilter<TransientFailureEndpointFilter>().MapWebSessions();
        app.MapWebAppFallback(); // index.html for the app's own routes
        return app;
    }

    /// <summary>
    /// Lifts Kestrel's server-wide body limit where an exact one applies instead: gRPC and gRPC-Web calls are bounded
    /// per message (MaxReceiveMessageSize: RESOURCE_EXHAUSTED, where Kestrel's limit would fail the call with an
    /// unknown error), and JSON routes with a body by <see cref="JsonRequestGuard"/>, which counts the body itself
    /// (Kestrel also counts chunked framing, and would refuse bodies within the limit). JSON routes without a body
    /// keep the server-wide limit, which bounds what Kestrel drains of a body nobody reads.
    /// </summary>
    private static TBuilder WithApiBodyLimits<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var transcoded = endpoint.Metadata.OfType<GrpcJsonTranscodingMetadata>().FirstOrDefault();
            if (transcoded is null || !string.IsNullOrEmpty(transcoded.HttpRule.Body))
            {
                endpoint.Metadata.Add(new RequestBodyLimit(null));
            }
        });
        return builder;
    }
}
