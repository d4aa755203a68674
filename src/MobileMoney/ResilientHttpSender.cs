using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Enerlectra.MobileMoney;

/// <summary>
/// Sends one logical call through a provider's resilience pipeline and turns every "we do not know what happened"
/// failure into <see cref="MobileMoneyUnavailableException"/>. A new <see cref="HttpRequestMessage"/> is built per
/// attempt (a sent message cannot be resent), but from the same inputs, so the reference id never changes on retry.
/// </summary>
internal sealed class ResilientHttpSender(
    HttpClient httpClient,
    MobileMoneySharedState shared,
    MobileMoneyProvider provider,
    string providerName,
    TimeSpan requestTimeout)
{
    public MobileMoneySharedState Shared => shared;

    public async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> build,
        string operation,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        try
        {
            return await shared.Pipeline.ExecuteAsync(
                static async (state, ct) =>
                {
                    using HttpRequestMessage message = state.build();
                    return await state.http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                },
                (build, http: httpClient),
                cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            throw Unavailable(operation, "the circuit breaker is open after repeated failures", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw Unavailable(operation, $"it timed out after {requestTimeout} on every attempt", ex);
        }
        catch (HttpRequestException ex)
        {
            throw Unavailable(operation, $"it could not be sent ({ex.Message})", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(operation, "the HTTP client timed out", ex);
        }
    }

    private MobileMoneyUnavailableException Unavailable(string operation, string why, Exception inner) =>
        new(provider, $"{providerName} {operation} failed: {why}; the outcome is unknown.", inner);
}
