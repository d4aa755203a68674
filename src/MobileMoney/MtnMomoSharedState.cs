using Microsoft.Extensions.Logging;
using Polly;

namespace Enerlectra.MobileMoney;

/// <summary>
/// What every <see cref="MtnMomoClient"/> of one configuration must share: the token (so that transient typed
/// clients do not each fetch their own) and the circuit breaker (so that an outage is seen by all callers).
/// </summary>
internal sealed class MtnMomoSharedState(MtnMomoOptions options, TimeProvider timeProvider, ILogger logger)
{
    public TimeProvider TimeProvider { get; } = timeProvider;

    public MtnAccessTokenCache Tokens { get; } = new(timeProvider);

    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; } =
        MtnMomoResilience.CreatePipeline(options, timeProvider, logger);
}
