using System.Globalization;
using System.Threading.RateLimiting;
using Enerlectra.Gateway.Callbacks;
using Enerlectra.Gateway.Errors;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;

namespace Enerlectra.Gateway.RateLimits;

/// <summary>
/// Every request is counted, with ASP.NET Core's rate limiter, against the budget of its kind (<see cref="RequestKind"/>):
/// first its user's (signed-in callers), then its client address's, and provider callbacks also against one budget for
/// all clients. A budget that refuses stops the count, so what one user or one address overspends is never taken from
/// the shared budgets behind it. A refused request is answered before its endpoint runs, so it changes nothing.
/// </summary>
public static class GatewayRateLimiting
{
    private static long _refusedCallbacks;

    public static WebApplicationBuilder AddGatewayRateLimiting(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new();
        options.Validate();
        var callbacks = builder.Configuration.GetSection(CallbackRateLimitOptions.SectionName).Get<CallbackRateLimitOptions>() ?? new();
        if (callbacks.PerClientPermits <= 0 || callbacks.TotalPermits <= 0 || callbacks.Window <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                $"{CallbackRateLimitOptions.SectionName}: PerClientPermits and TotalPermits must be positive and Window longer than zero.");
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<RequestClassifier>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http =>
                {
                    var (kind, bot, budget) = Classify(http, options);
                    return budget is not null && RequestClassifier.UserOf(http) is { } user
                        ? RateLimitPartition.GetTokenBucketLimiter($"user:{kind}:{bot}:{user}", _ => Bucket(budget.PerUser, budget.Window))
                        : RateLimitPartition.GetNoLimiter(string.Empty);
                }),
                PartitionedRateLimiter.Create<HttpContext, string>(http =>
                {
                    var (kind, bot, budget) = Classify(http, options);
                    var client = ClientAddress.KeyOf(http);
                    return budget is null
                        ? RateLimitPartition.GetTokenBucketLimiter($"client:{kind}:{client}", _ => Bucket(callbacks.PerClientPermits, callbacks.Window))
                        : RateLimitPartition.GetTokenBucketLimiter($"client:{kind}:{bot}:{client}", _ => Bucket(budget.PerClient, budget.Window));
                }),
                PartitionedRateLimiter.Create<HttpContext, string>(http => Classify(http, options).Budget is null
                    ? RateLimitPartition.GetTokenBucketLimiter("callbacks", _ => Bucket(callbacks.TotalPermits, callbacks.Window))
                    : RateLimitPartition.GetNoLimiter(string.Empty)));
            limiter.OnRejected = (context, _) => RefuseAsync(context, options, callbacks);
        });
        return builder;
    }

    /// <summary>The request's kind, whether its caller gets the bot budgets, and its budget (null: a callback).</summary>
    private static (RequestKind Kind, bool Bot, RateBudget? Budget) Classify(HttpContext http, RateLimitOptions options)
    {
        // Asked once per limiter in the chain; cached on the request so the three agree and the work is done once.
        if (http.Items.TryGetValue(typeof(GatewayRateLimiting), out var cached) && cached is ValueTuple<RequestKind, bool, RateBudget?> known)
        {
            return known;
        }

        var classifier = http.RequestServices.GetRequiredService<RequestClassifier>();
        var kind = classifier.KindOf(http);
        var bot = kind is RequestKind.Read or RequestKind.Mutation && classifier.IsBot(http);
        RateBudget? budget = kind switch
        {
            RequestKind.Read => bot ? options.BotReads : options.Reads,
            RequestKind.Mutation => bot ? options.BotMutations : options.Mutations,
            RequestKind.SignIn => options.SignIn,
            _ => null,
        };
        var classified = (kind, bot, budget);
        http.Items[typeof(GatewayRateLimiting)] = classified;
        return classified;
    }

    private static async ValueTask RefuseAsync(OnRejectedContext context, RateLimitOptions options, CallbackRateLimitOptions callbacks)
    {
        var http = context.HttpContext;
        var (kind, _, budget) = Classify(http, options);
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : budget?.Window ?? callbacks.Window;
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (kind == RequestKind.Callback)
        {
            // One line per thousand refusals: a flood must be visible without the log becoming the flood.
            var refused = Interlocked.Increment(ref _refusedCallbacks);
            if (refused % 1000 == 1)
            {
                http.RequestServices.GetRequiredService<ILoggerFactory>()
                    .CreateLogger("Enerlectra.Gateway.Callbacks.RateLimit")
                    .LogWarning("Refused a callback from {Client} over the rate limit ({Refused} refused since start)", ClientAddress.KeyOf(http), refused);
            }
        }

        await RefusalResponse.WriteAsync(
            http, StatusCodes.Status429TooManyRequests, StatusCode.ResourceExhausted,
            $"Too many {Describe(kind)}: retry after {seconds} s.");
    }

    private static string Describe(RequestKind kind) => kind switch
    {
        RequestKind.Read => "reads",
        RequestKind.Mutation => "changes",
        RequestKind.SignIn => "sign-ins",
        _ => "callbacks",
    };

    private static TokenBucketRateLimiterOptions Bucket(int permits, TimeSpan window) => new()
    {
        TokenLimit = permits,
        TokensPerPeriod = permits,
        ReplenishmentPeriod = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
