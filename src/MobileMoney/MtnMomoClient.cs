using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Enerlectra.MobileMoney;

/// <summary>
/// Collections through the MTN MoMo Open API (Collection product): token, request-to-pay and status query,
/// with retries, a circuit breaker and a shared, self-refreshing Bearer token.
/// </summary>
/// <remarks>
/// A request-to-pay is retried with the same X-Reference-Id on every attempt; if an earlier attempt did reach MTN,
/// the retry is answered 409 and reported as <see cref="SubmitOutcome.AlreadySubmitted"/>, never as a second charge.
/// Register with <see cref="MtnMomoServiceCollectionExtensions.AddMtnMomo"/>; when constructing directly, keep one
/// instance for the life of the process so that the token and circuit state are shared.
/// </remarks>
public sealed class MtnMomoClient : IMobileMoneyCollections
{
    private static readonly JsonSerializerOptions WireJson = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _httpClient;
    private readonly MtnMomoOptions _options;
    private readonly Uri _baseUrl;
    private readonly string _basicCredentials;
    private readonly MtnMomoSharedState _shared;
    private readonly ILogger _logger;

    /// <summary>Creates a client with its own token cache and circuit breaker.</summary>
    /// <param name="httpClient">The HTTP client to send with; its BaseAddress is not used.</param>
    /// <param name="options">The MTN settings.</param>
    /// <param name="timeProvider">The clock for token expiry and retry delays; the system clock when omitted.</param>
    /// <param name="logger">Where retries, refreshes and the circuit state are logged.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is not usable.</exception>
    public MtnMomoClient(
        HttpClient httpClient,
        MtnMomoOptions options,
        TimeProvider? timeProvider = null,
        ILogger<MtnMomoClient>? logger = null)
        : this(
            httpClient,
            options,
            new MtnMomoSharedState(
                ValidOrThrow(options),
                timeProvider ?? TimeProvider.System,
                (ILogger?)logger ?? NullLogger.Instance),
            logger)
    {
    }

    internal MtnMomoClient(HttpClient httpClient, MtnMomoOptions options, MtnMomoSharedState shared, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ValidOrThrow(options);
        _httpClient = httpClient;
        _options = options;
        _shared = shared;
        _logger = logger ?? NullLogger.Instance;

        // Uri resolution drops the last path segment unless the base ends with '/', which would lose e.g. "/momo".
        string baseText = options.BaseUrl!.AbsoluteUri;
        _baseUrl = new Uri(baseText.EndsWith('/') ? baseText : baseText + "/");
        _basicCredentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ApiUser}:{options.ApiKey}"));
    }

    /// <inheritdoc />
    public MobileMoneyProvider Provider => MobileMoneyProvider.Mtn;

    /// <inheritdoc />
    public async Task<SubmitOutcome> RequestToPayAsync(CollectionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ReferenceId == Guid.Empty)
        {
            throw new ArgumentException("A reference id is required.", nameof(request));
        }

        if (request.AmountNgwee <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.AmountNgwee, "The amount must be positive.");
        }

        if (request.PayerMsisdn is not { Length: >= 9 and <= 15 } || request.PayerMsisdn.ContainsAnyExceptInRange('0', '9'))
        {
            throw new ArgumentException(
                "The payer MSISDN must be 9 to 15 digits with the country code and no '+', e.g. 260961234567.",
                nameof(request));
        }

        string reference = MtnReference.Format(request.ReferenceId);
        Uri? callbackUrl = ResolveCallbackUrl(request.CallbackUrl);
        string body = JsonSerializer.Serialize(
            new MtnRequestToPayBody(
                Ngwee.Format(request.AmountNgwee),
                _options.Currency,
                request.ExternalId ?? string.Empty,
                new MtnParty("MSISDN", request.PayerMsisdn),
                request.PayerMessage ?? string.Empty,
                _options.PayeeNote),
            WireJson);

        using HttpResponseMessage response = await SendAuthorizedAsync(
            token =>
            {
                var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseUrl, MtnPaths.RequestToPay));
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                message.Headers.Add(MtnHeaders.ReferenceId, reference);
                message.Headers.Add(MtnHeaders.TargetEnvironment, _options.TargetEnvironment);
                if (callbackUrl is not null)
                {
                    message.Headers.Add(MtnHeaders.CallbackUrl, callbackUrl.AbsoluteUri);
                }

                message.Content = new StringContent(body, Encoding.UTF8, "application/json");
                return message;
            },
            $"request-to-pay {reference}",
            cancellationToken).ConfigureAwait(false);

        if (response.IsSuccessStatusCode)
        {
            _logger.LogInformation("MTN MoMo accepted request-to-pay {ReferenceId}", reference);
            return SubmitOutcome.Accepted;
        }

        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            _logger.LogInformation("MTN MoMo already has request-to-pay {ReferenceId}", reference);
            return SubmitOutcome.AlreadySubmitted;
        }

        MtnError error = await MtnError.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        if (MtnMomoResilience.IsTransientStatus(response.StatusCode))
        {
            throw new MobileMoneyUnavailableException(
                MobileMoneyProvider.Mtn,
                $"MTN MoMo answered {(int)response.StatusCode} ({error}) to request-to-pay {reference} after retries; "
                + "the outcome is unknown, reconcile with a status query.");
        }

        throw Rejected(response.StatusCode, error, $"request-to-pay {reference}");
    }

    /// <inheritdoc />
    /// <remarks>
    /// A 404 counts as <see cref="CollectionState.NotFound"/> only when MTN says RESOURCE_NOT_FOUND; any other 404
    /// (a wrong base URL, a proxy page) is reported as unavailable so that nobody resubmits on a misconfiguration.
    /// </remarks>
    public async Task<CollectionStatus> GetStatusAsync(Guid referenceId, CancellationToken cancellationToken = default)
    {
        string reference = MtnReference.Format(referenceId);
        using HttpResponseMessage response = await SendAuthorizedAsync(
            token =>
            {
                var message = new HttpRequestMessage(HttpMethod.Get, new Uri(_baseUrl, MtnPaths.RequestToPayStatus(referenceId)));
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                message.Headers.Add(MtnHeaders.TargetEnvironment, _options.TargetEnvironment);
                return message;
            },
            $"status of {reference}",
            cancellationToken).ConfigureAwait(false);

        if (response.StatusCode == HttpStatusCode.OK)
        {
            string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return ParseStatus(text, reference);
        }

        MtnError error = await MtnError.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && error.Code == "RESOURCE_NOT_FOUND")
        {
            return new CollectionStatus(CollectionState.NotFound, null, null, null);
        }

        if (MtnMomoResilience.IsTransientStatus(response.StatusCode) || response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new MobileMoneyUnavailableException(
                MobileMoneyProvider.Mtn,
                $"MTN MoMo answered {(int)response.StatusCode} ({error}) to the status query for {reference}.");
        }

        throw Rejected(response.StatusCode, error, $"status query for {reference}");
    }

    private static MtnMomoOptions ValidOrThrow(MtnMomoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Validate();
        return problems.Count == 0 ? options : throw new ArgumentException(string.Join(" ", problems), nameof(options));
    }

    private static CollectionStatus ParseStatus(string text, string reference)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            string? status = root.ValueKind == JsonValueKind.Object ? MtnJson.ReadString(root, "status") : null;
            if (!MtnJson.TryReadState(status, out CollectionState state))
            {
                throw Malformed(reference, $"unrecognised status '{status}'");
            }

            if (!MtnJson.TryReadAmount(root, out long? amount))
            {
                throw Malformed(reference, "an amount that is not an exact Kwacha value");
            }

            return new CollectionStatus(
                state,
                MtnJson.ReadReason(root),
                MtnJson.ReadString(root, "financialTransactionId"),
                amount);
        }
        catch (JsonException ex)
        {
            throw Malformed(reference, "a body that is not JSON", ex);
        }
    }

    private static MobileMoneyUnavailableException Malformed(string reference, string what, Exception? inner = null) =>
        new(MobileMoneyProvider.Mtn, $"MTN MoMo answered the status query for {reference} with {what}.", inner);

    private static MobileMoneyRejectedException Rejected(HttpStatusCode status, MtnError error, string operation)
    {
        string hint = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? " Check MobileMoney:Mtn ApiUser, ApiKey and SubscriptionKey."
            : string.Empty;
        return new MobileMoneyRejectedException(
            MobileMoneyProvider.Mtn,
            status,
            error.Code,
            error.Message,
            $"MTN MoMo refused the {operation} with {(int)status} ({error}).{hint}");
    }

    private Uri? ResolveCallbackUrl(Uri? callbackUrl)
    {
        if (callbackUrl is null || callbackUrl.IsAbsoluteUri)
        {
            return callbackUrl;
        }

        return _options.CallbackBaseUrl is { } callbackBase
            ? new Uri(callbackBase, callbackUrl)
            : throw new ArgumentException(
                $"A relative callback URL needs {MtnMomoOptions.SectionName}:{nameof(MtnMomoOptions.CallbackBaseUrl)}.",
                nameof(callbackUrl));
    }

    /// <summary>Sends with the cached token; a 401 means MTN dropped the token early, so one fresh token is tried.</summary>
    private async Task<HttpResponseMessage> SendAuthorizedAsync(
        Func<string, HttpRequestMessage> build,
        string operation,
        CancellationToken cancellationToken)
    {
        MtnAccessToken token = await _shared.Tokens.GetAsync(FetchTokenAsync, cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response = await SendResilientAsync(() => build(token.Value), operation, cancellationToken)
            .ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        _logger.LogInformation("MTN MoMo refused the access token for {Operation}; fetching a new one", operation);
        _shared.Tokens.Invalidate(token);
        token = await _shared.Tokens.GetAsync(FetchTokenAsync, cancellationToken).ConfigureAwait(false);
        return await SendResilientAsync(() => build(token.Value), operation, cancellationToken).ConfigureAwait(false);
    }

    private async Task<MtnAccessToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        // Expiry counts from before the request so that a slow response cannot make us keep the token too long.
        DateTimeOffset requestedAt = _shared.TimeProvider.GetUtcNow();
        using HttpResponseMessage response = await SendResilientAsync(
            () => new HttpRequestMessage(HttpMethod.Post, new Uri(_baseUrl, MtnPaths.Token))
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Basic", _basicCredentials) },
            },
            "token request",
            cancellationToken).ConfigureAwait(false);

        if (!response.IsSuccessStatusCode)
        {
            MtnError error = await MtnError.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            if (MtnMomoResilience.IsTransientStatus(response.StatusCode))
            {
                throw new MobileMoneyUnavailableException(
                    MobileMoneyProvider.Mtn,
                    $"MTN MoMo answered {(int)response.StatusCode} ({error}) to the token request.");
            }

            throw Rejected(response.StatusCode, error, "token request");
        }

        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            string? accessToken = MtnJson.ReadString(root, "access_token");
            string? expiresIn = MtnJson.ReadString(root, "expires_in");
            if (string.IsNullOrEmpty(accessToken) || !long.TryParse(expiresIn, out long seconds) || seconds <= 0)
            {
                throw new MobileMoneyUnavailableException(
                    MobileMoneyProvider.Mtn, "MTN MoMo answered the token request without access_token and expires_in.");
            }

            _logger.LogInformation("MTN MoMo issued an access token valid for {Seconds} s", seconds);
            return new MtnAccessToken(accessToken, requestedAt + TimeSpan.FromSeconds(seconds) - _options.TokenRefreshMargin);
        }
        catch (JsonException ex)
        {
            throw new MobileMoneyUnavailableException(
                MobileMoneyProvider.Mtn, "MTN MoMo answered the token request with a body that is not JSON.", ex);
        }
    }

    /// <summary>
    /// Runs one logical call through the pipeline. A new <see cref="HttpRequestMessage"/> is built per attempt
    /// (a sent message cannot be resent), but from the same inputs, so the reference id never changes on retry.
    /// </summary>
    private async Task<HttpResponseMessage> SendResilientAsync(
        Func<HttpRequestMessage> build,
        string operation,
        CancellationToken cancellationToken)
    {
        try
        {
            return await _shared.Pipeline.ExecuteAsync(
                static async (state, ct) =>
                {
                    using HttpRequestMessage message = state.build();
                    message.Headers.Add(MtnHeaders.SubscriptionKey, state.subscriptionKey);
                    return await state.http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                },
                (build, http: _httpClient, subscriptionKey: _options.SubscriptionKey),
                cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            throw Unavailable(operation, "the circuit breaker is open after repeated failures", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw Unavailable(operation, $"it timed out after {_options.RequestTimeout} on every attempt", ex);
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

    private static MobileMoneyUnavailableException Unavailable(string operation, string why, Exception inner) =>
        new(MobileMoneyProvider.Mtn, $"MTN MoMo {operation} failed: {why}; the outcome is unknown.", inner);
}
