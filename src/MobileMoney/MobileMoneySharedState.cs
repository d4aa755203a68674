using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Enerlectra.MobileMoney;

/// <summary>
/// What every client of one provider configuration must share: the token (so that transient typed clients do not
/// each fetch their own) and the circuit breaker (so that an outage is seen by all callers).
/// </summary>
internal sealed class MobileMoneySharedState(
    MobileMoneyClientOptions options,
    string providerName,
    TimeProvider timeProvider,
    ILogger logger)
{
    public TimeProvider TimeProvider { get; } = timeProvider;

    public AccessTokenCache Tokens { get; } = new(timeProvider);

    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; } =
        MobileMoneyResilience.CreatePipeline(options, providerName, timeProvider, logger);

    /// <summary>State of its own for a client constructed directly rather than through dependency injection.</summary>
    public static MobileMoneySharedState Standalone(
        MobileMoneyClientOptions options,
        string providerName,
        TimeProvider? timeProvider,
        ILogger? logger) =>
        new(options, providerName, timeProvider ?? TimeProvider.System, logger ?? NullLogger.Instance);
}
