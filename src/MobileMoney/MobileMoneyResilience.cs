using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Enerlectra.MobileMoney;

/// <summary>
/// Builds the retry → circuit breaker → per-attempt timeout pipeline around every provider call.
/// Retrying a collection or payout is safe only because each attempt resends the same reference id,
/// which every provider answers as a duplicate if an earlier attempt did arrive.
/// </summary>
internal static class MobileMoneyResilience
{
    // A Retry-After longer than this is treated as an outage: better to surface "unavailable" than to stall the caller.
    private static readonly TimeSpan MaxHonouredRetryAfter = TimeSpan.FromSeconds(10);

    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(
        MobileMoneyClientOptions options,
        string providerName,
        TimeProvider timeProvider,
        ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };

        // Polly insists on at least one retry; zero configured retries means no retry strategy at all.
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => IsTransient(args.Outcome),
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome)),
                OnRetry = args =>
                {
                    logger.LogWarning(
                        args.Outcome.Exception,
                        "{Provider} call failed transiently ({Status}); retry {Attempt} in {Delay}",
                        providerName,
                        args.Outcome.Result?.StatusCode,
                        args.AttemptNumber + 1,
                        args.RetryDelay);
                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = args => IsTransient(args.Outcome),
            FailureRatio = options.CircuitBreakerFailureRatio,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = options.CircuitBreakerSamplingDuration,
            BreakDuration = options.CircuitBreakerBreakDuration,
            OnOpened = args =>
            {
                logger.LogError("{Provider} circuit opened for {BreakDuration}", providerName, args.BreakDuration);
                return default;
            },
            OnClosed = _ =>
            {
                logger.LogInformation("{Provider} circuit closed", providerName);
                return default;
            },
        });

        builder.AddTimeout(options.RequestTimeout);
        return builder.Build();
    }

    /// <summary>Whether an HTTP status is worth retrying: the request may not have been processed.</summary>
    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static ValueTask<bool> IsTransient(Outcome<HttpResponseMessage> outcome) =>
        new(outcome switch
        {
            { Exception: HttpRequestException or TimeoutRejectedException } => true,
            // HttpClient's own Timeout surfaces as a cancellation wrapping a TimeoutException.
            { Exception: OperationCanceledException { InnerException: TimeoutException } } => true,
            { Result: { } response } => IsTransientStatus(response.StatusCode),
            _ => false,
        });

    private static TimeSpan? RetryAfter(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result?.Headers.RetryAfter?.Delta is { } delta && delta <= MaxHonouredRetryAfter ? delta : null;
}
