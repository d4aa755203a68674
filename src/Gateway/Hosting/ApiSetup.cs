using Enerlectra.Abstractions.Offers;
using Enerlectra.Chain;
using Enerlectra.Gateway.Errors;
using Enerlectra.Gateway.Streaming;
using Enerlectra.Gateway.Validation;
using Enerlectra.Hosting;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace Enerlectra.Gateway.Hosting;

public static class ApiSetup
{
    public const string CorsPolicy = "web-clients";

    /// <summary>gRPC with JSON transcoding, gRPC-Web, health checks and reflection, plus the market event hub.</summary>
    public static WebApplicationBuilder AddGatewayApi(this WebApplicationBuilder builder, GatewayOptions options)
    {
        builder.Services
            .AddGrpc(grpc =>
            {
                // First, so it marks the request as soon as the framework has read it (see JsonRequestGuard).
                grpc.Interceptors.Add<RequestReadInterceptor>();
                grpc.Interceptors.Add<RequestStreamInterceptor>();
                grpc.Interceptors.Add<TradingExceptionInterceptor>();
                grpc.EnableDetailedErrors = builder.Environment.IsDevelopment();
                grpc.MaxReceiveMessageSize = options.Requests.MaxGrpcMessageBytes;
            })
            .AddJsonTranscoding(json =>
            {
                // Wh and ngwee fit comfortably in a JavaScript number; front ends should not have to parse strings.
                json.JsonSettings.WriteInt64sAsStrings = false;
                // Print zeros and empty strings too, so clients see every field of the documented shape.
                json.JsonSettings.IgnoreDefaultValues = false;
            });
        builder.Services.AddMarketOptions(builder.Configuration);
        builder.Services.AddSingleton<JsonRequestGuard>();
        builder.Services.AddSingleton<GrpcRequestGuard>();
        builder.Services.AddGrpcHealthChecks().AddCheck<ChainHealthCheck>("chain");
        builder.Services.AddEnerlectraChain(builder.Configuration);
        // Trade and offer ids from idempotency keys; the same key as the silos' (a co-hosted silo shares this one).
        builder.Services.AddEnerlectraIds(builder.Configuration);
        builder.Services.AddGrpcReflection();
        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins(options.AllowedOrigins)
            .AllowAnyHeader()
            .AllowAnyMethod()
            // The web app's session cookies; only ever for the configured origins (and SameSite=Strict besides).
            .AllowCredentials()
            .WithExposedHeaders("Grpc-Status", "Grpc-Message", "Grpc-Encoding", "Grpc-Accept-Encoding", Enerlectra.Gateway.Services.MarketEventApiService.SequenceHeader)));
        // One reference for every offer call: GetGrain resolves the grain type by reflection each time it is called.
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IGrainFactory>().GetGrain<IOfferDeskGrain>(0));
        builder.Services.AddSingleton<MarketEventHub>();
        builder.Services.AddSingleton<Services.PaymentOverviewQuery>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MarketEventHub>());
        builder.Services.AddSingleton<FeedHub>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FeedHub>());
        return builder;
    }
}
