using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Enerlectra.Gateway.Callbacks;

/// <summary>
/// Bounds the anonymous callback routes with ASP.NET Core's rate limiter: a token bucket per client address, then one
/// for all clients (<see cref="CallbackRateLimitOptions"/>). The per-client bucket is asked first, so requests it
/// refuses never spend the shared budget: one noisy address cannot use up what the providers' addresses need. A
/// refused callback is answered 429 with Retry-After before its endpoint runs, so it wakes nothing.
/// </summary>
public static class CallbackRateLimiting
{
    private static long _refused;

    /// <summary>Marks the endpoints these limits apply to (every other route is left alone).</summary>
    public sealed class CallbackEndpoint
    {
        public static readonly CallbackEndpoint Instance = new();

        private CallbackEndpoint()
        {
        }
    }

    public static WebApplicationBuilder AddCallbackRateLimiting(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(CallbackRateLimitOptions.SectionName).Get<CallbackRateLimitOptions>() ?? new();
        if (options.PerClientPermits <= 0 || options.TotalPermits <= 0 || options.Window <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                $"{CallbackRateLimitOptions.SectionName}: PerClientPermits and TotalPermits must be positive and Window longer than zero.");
        }

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // The global limiter is the one that can chain two partitionings; it limits nothing but the callbacks.
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsCallback(http)
                    ? RateLimitPartition.GetTokenBucketLimiter(ClientKey(http), _ => Bucket(options.PerClientPermits, options.Window))
                    : RateLimitPartition.GetNoLimiter(string.Empty)),
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsCallback(http)
                    ? RateLimitPartition.GetTokenBucketLimiter("all", _ => Bucket(options.TotalPermits, options.Window))
                    : RateLimitPartition.GetNoLimiter(string.Empty)));
            limiter.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Window;
                context.HttpContext.Response.Headers.RetryAfter =
                    Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

                // One line per thousand refusals: a flood must be visible without the log becoming the flood.
                var refused = Interlocked.Increment(ref _refused);
                if (refused % 1000 == 1)
                {
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>()
                        .CreateLogger("Enerlectra.Gateway.Callbacks.RateLimit")
                        .LogWarning("Refused a callback from {Client} over the rate limit ({Refused} refused since start)", ClientKey(context.HttpContext), refused);
                }

                return ValueTask.CompletedTask;
            };
        });
        return builder;
    }

    private static bool IsCallback(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<CallbackEndpoint>() is not null;

    /// <summary>The client's address; for IPv6 its /64, since one host can use any address of its subnet.</summary>
    private static string ClientKey(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static TokenBucketRateLimiterOptions Bucket(int permits, TimeSpan window) => new()
    {
        TokenLimit = permits,
        TokensPerPeriod = permits,
        ReplenishmentPeriod = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
