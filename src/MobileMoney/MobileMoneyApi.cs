using System.Net;
using Microsoft.Extensions.Logging;

namespace Enerlectra.MobileMoney;

/// <summary>
/// What the three provider protocols share: the base URL, sending through the resilience pipeline (with a cached
/// token where the provider has one), and mapping answers to <see cref="SubmitOutcome"/>,
/// <see cref="CollectionStatus"/> and our exceptions. Each provider says how to read its bodies.
/// </summary>
/// <typeparam name="TError">The provider's error body as read from a response.</typeparam>
internal abstract class MobileMoneyApi<TError>
    where TError : class?
{
    private readonly Uri _baseUrl;

    protected MobileMoneyApi(
        HttpClient httpClient,
        MobileMoneyClientOptions options,
        Uri baseUrl,
        MobileMoneyProvider provider,
        string providerName,
        MobileMoneySharedState shared,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        Provider = provider;
        ProviderName = providerName;
        Logger = logger;

        // Uri resolution drops the last path segment unless the base ends with '/', which would lose e.g. "/momo".
        string baseText = baseUrl.AbsoluteUri;
        _baseUrl = new Uri(baseText.EndsWith('/') ? baseText : baseText + "/");
        Sender = new ResilientHttpSender(httpClient, shared, provider, providerName, options.RequestTimeout);
    }

    protected MobileMoneyProvider Provider { get; }

    /// <summary>The provider as named in messages, e.g. "MTN MoMo".</summary>
    protected string ProviderName { get; }

    protected ILogger Logger { get; }

    protected ResilientHttpSender Sender { get; }

    /// <summary>Which settings to check when the provider refuses our credentials (401/403).</summary>
    protected abstract string CredentialHint { get; }

    public Uri Resolve(string relativePath) => new(_baseUrl, relativePath);

    /// <summary>Reads the provider's error body; a body that cannot be read or parsed gives an empty error, not an exception.</summary>
    protected abstract Task<TError> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken);

    /// <summary>The code and message of an error body, for <see cref="MobileMoneyRejectedException"/>.</summary>
    protected abstract (string? Code, string? Message) Details(TError error);

    /// <summary>Reads the status of a 200 answer to a status query.</summary>
    protected abstract Task<CollectionStatus> ReadStatusAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the error body of a 404 is the provider's own "no such reference". Any other 404 (a wrong base URL, a
    /// proxy page) is reported as unavailable so that nobody resubmits on a misconfiguration.
    /// </summary>
    protected abstract bool IsUnknownReference(TError error);

    /// <summary>Sends one attempt-safe call through the resilience pipeline.</summary>
    protected virtual Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, string operation, CancellationToken cancellationToken) =>
        Sender.SendAsync(build, operation, cancellationToken);

    /// <summary>Sends with the cached token; a 401 means the provider dropped the token early, so one fresh token is tried.</summary>
    protected async Task<HttpResponseMessage> SendAuthorizedAsync(
        Func<string, HttpRequestMessage> build,
        Func<CancellationToken, Task<AccessToken>> fetchToken,
        string operation,
        CancellationToken cancellationToken)
    {
        AccessTokenCache tokens = Sender.Shared.Tokens;
        AccessToken token = await tokens.GetAsync(fetchToken, cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response = await SendAsync(() => build(token.Value), operation, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        Logger.LogInformation("{Provider} refused the access token for {Operation}; fetching a new one", ProviderName, operation);
        tokens.Invalidate(token);
        token = await tokens.GetAsync(fetchToken, cancellationToken).ConfigureAwait(false);
        return await SendAsync(() => build(token.Value), operation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Maps the answer to a create call: 2xx accepted, 409 a duplicate reference, anything else <see cref="SubmitFailed"/>.</summary>
    protected virtual async Task<SubmitOutcome> SubmitOutcomeAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return Accepted(operation);
        }

        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return AlreadySubmitted(operation);
        }

        throw SubmitFailed(response.StatusCode, await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false), operation);
    }

    /// <summary>
    /// Maps the answer to a status query: 200 is read by <see cref="ReadStatusAsync"/>, the provider's own 404
    /// (<see cref="IsUnknownReference"/>) is <see cref="CollectionState.NotFound"/>, any other 404 or a transient status
    /// is unavailable, the rest a refusal.
    /// </summary>
    protected async Task<CollectionStatus> StatusOutcomeAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return await ReadStatusAsync(response, operation, cancellationToken).ConfigureAwait(false);
        }

        TError error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && IsUnknownReference(error))
        {
            return new CollectionStatus(CollectionState.NotFound, null, null, null);
        }

        throw response.StatusCode == HttpStatusCode.NotFound
            ? Unavailable(response.StatusCode, error, operation)
            : CallFailed(response.StatusCode, error, operation);
    }

    protected SubmitOutcome Accepted(string operation)
    {
        Logger.LogInformation("{Provider} accepted {Operation}", ProviderName, operation);
        return SubmitOutcome.Accepted;
    }

    protected SubmitOutcome AlreadySubmitted(string operation)
    {
        Logger.LogInformation("{Provider} already has {Operation}", ProviderName, operation);
        return SubmitOutcome.AlreadySubmitted;
    }

    /// <summary>A create call that was neither accepted nor a duplicate: after a transient status the outcome is unknown.</summary>
    protected Exception SubmitFailed(HttpStatusCode status, TError error, string operation) =>
        MobileMoneyResilience.IsTransientStatus(status)
            ? new MobileMoneyUnavailableException(
                Provider,
                $"{ProviderName} answered {(int)status} ({Describe(error)}) to {operation} after retries; "
                + "the outcome is unknown, reconcile with a status query.")
            : Rejected(status, error, operation);

    /// <summary>Any other failed call: unavailable after a transient status, otherwise a refusal.</summary>
    protected Exception CallFailed(HttpStatusCode status, TError error, string operation) =>
        MobileMoneyResilience.IsTransientStatus(status) ? Unavailable(status, error, operation) : Rejected(status, error, operation);

    protected static string Describe(TError error) => error?.ToString() ?? "no error details";

    private MobileMoneyUnavailableException Unavailable(HttpStatusCode status, TError error, string operation) =>
        new(Provider, $"{ProviderName} answered {(int)status} ({Describe(error)}) to the {operation}.");

    private MobileMoneyRejectedException Rejected(HttpStatusCode status, TError error, string operation)
    {
        string hint = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " " + CredentialHint : string.Empty;
        (string? code, string? message) = Details(error);
        return new MobileMoneyRejectedException(
            Provider,
            status,
            code,
            message,
            $"{ProviderName} refused the {operation} with {(int)status} ({Describe(error)}).{hint}");
    }
}
